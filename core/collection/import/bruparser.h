#pragma once

// Internal to the Bruno import: a `.bru` file (Bruno's "bru lang") as its blocks. A block is a
// dictionary (`headers { Name: value }`, `~` switching an entry off), a list
// (`vars:secret [ a, ~b ]`) or text (`body:json { ... }`, indented by two spaces). A dictionary
// value may span lines between `'''` and `'''`.

#include <QList>
#include <QString>

namespace Keyway::ImportDetail {

struct BruEntry
{
    QString key;
    QString value;
    bool enabled = true;
    int line = 0;
};

struct BruBlock
{
    QString name; // "meta", "post", "headers", "body:json", ...
    QList<BruEntry> entries; // dictionary and list blocks
    QString text; // text blocks
    int line = 0;

    QString value(const QString &key) const;
};

// Which blocks hold text rather than `key: value` lines.
bool isBruTextBlock(const QString &name);

// Fails (ImportFailure at "line:1") on a line outside any block or a block never closed.
QList<BruBlock> parseBru(const QString &text);

} // namespace Keyway::ImportDetail
