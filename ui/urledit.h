#pragma once

#include <QLineEdit>

#include <functional>
#include <optional>

namespace Keyway {

// The request URL: `{{variables}}` are drawn in the accent colour (red when nothing defines
// them) and the tooltip shows what each resolves to.
class UrlEdit final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlEdit)
public:
    // What a variable resolves to for display: a value, "••••" for a secret, nullopt: undefined.
    using Lookup = std::function<std::optional<QString>(const QString &name)>;

    explicit UrlEdit(QWidget *parent = nullptr);

    void setLookup(Lookup lookup);
    // Re-colours and re-resolves (the environment changed).
    void refreshVariables();

protected:
    bool event(QEvent *event) override;

private:
    void highlight();

    Lookup m_lookup;
};

} // namespace Keyway
