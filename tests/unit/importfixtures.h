#pragma once

// Shared by the import and export tests: reading the fixtures under tests/fixtures/import and
// finding an imported item by its path.

#include "collection/import/importer.h"
#include "sourcetree.h"

#include <QFile>
#include <QTest>

namespace Keyway::Test {

inline QString fixturePath(const QString &relative)
{
    return sourceTreePath(QStringLiteral("tests/fixtures/import/") + relative);
}

inline QByteArray fixtureBytes(const QString &relative)
{
    QFile file(fixturePath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("fixture %s missing", qPrintable(file.fileName()));
    return file.readAll();
}

inline ImportResult importFixture(const QString &relative)
{
    return importSource({fixtureBytes(relative), relative, QString()});
}

inline const FolderItem *folderAt(const FolderItem &root, const QStringList &names)
{
    const FolderItem *folder = &root;
    for (const QString &name : names) {
        const auto it = std::find_if(folder->folders.cbegin(), folder->folders.cend(),
                                     [&name](const FolderItem &f) { return f.name == name; });
        if (it == folder->folders.cend())
            return nullptr;
        folder = &*it;
    }
    return folder;
}

// For QVERIFY2, which builds its message even when the check passes.
inline QByteArray errorText(const ImportResult &result)
{
    return result.error ? result.error->toString().toUtf8() : QByteArray("no error");
}

inline QStringList issueTexts(const ImportResult &result)
{
    QStringList texts;
    for (const ImportIssue &issue : result.issues)
        texts.append(issue.toString());
    return texts;
}

} // namespace Keyway::Test
