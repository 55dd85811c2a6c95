#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Keyway::Test {

// A throwaway HOME for the tests of a window or dialog: QStandardPaths in test mode under it and
// QSettings' user scope in it, so a developer's own workspaces, history, window layout and
// settings stay out, and what the test leaves goes with the folder.
class TestHome
{
    Q_DISABLE_COPY_MOVE(TestHome)
public:
    TestHome() = default;

    // Points this process (and the processes it starts) at the folder; false, with the reason
    // in *error, when there is none.
    bool enter(QString *error);
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

} // namespace Keyway::Test
