#pragma once

#include "collection/itempath.h"
#include "http/apicall.h"

#include <QPointer>
#include <QWidget>

class QSplitter;

namespace Keyway {

class Banner;
class RequestComposer;
class ResponseView;

// One open request: its composer above or beside its response, a banner for what went wrong,
// and the call in flight (at most one: a new send or Cancel lets the previous answer go).
class RequestTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestTab)
public:
    explicit RequestTab(QWidget *parent = nullptr);

    RequestComposer *composer() const { return m_composer; }
    ResponseView *response() const { return m_response; }
    Banner *banner() const { return m_banner; }
    QSplitter *splitter() const { return m_splitter; }

    // Where the request lives in the workspace; empty for a new, unsaved one.
    const ItemPath &path() const { return m_path; }
    void setPath(const ItemPath &path) { m_path = path; }

    // Whether the composer differs from the request as it was opened or last saved.
    bool isModified() const;
    void markSaved();

    ApiCall *call() const { return m_call; }
    void setCall(ApiCall *call) { m_call = call; }
    QString title() const;

private:
    RequestComposer *m_composer;
    ResponseView *m_response;
    Banner *m_banner;
    QSplitter *m_splitter;
    ItemPath m_path;
    RequestItem m_saved;
    QPointer<ApiCall> m_call;
};

} // namespace Keyway
