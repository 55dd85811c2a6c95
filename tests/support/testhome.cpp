#include "testhome.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>

namespace Keyway::Test {

bool TestHome::enter(QString *error)
{
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("no temporary folder for HOME: ") + m_dir.errorString();
        return false;
    }
    qputenv("HOME", QFile::encodeName(m_dir.path()));
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));
    return true;
}

} // namespace Keyway::Test
