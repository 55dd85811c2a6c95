#include "collection/entrynames.h"

#include <QStringList>

namespace Keyway {

namespace {

constexpr qsizetype MaxStemBytes = 100;

bool isReservedDeviceName(const QString &stem)
{
    static const QStringList devices {
        QStringLiteral("CON"),  QStringLiteral("PRN"),  QStringLiteral("AUX"),
        QStringLiteral("NUL"),  QStringLiteral("COM1"), QStringLiteral("COM2"),
        QStringLiteral("COM3"), QStringLiteral("COM4"), QStringLiteral("COM5"),
        QStringLiteral("COM6"), QStringLiteral("COM7"), QStringLiteral("COM8"),
        QStringLiteral("COM9"), QStringLiteral("LPT1"), QStringLiteral("LPT2"),
        QStringLiteral("LPT3"), QStringLiteral("LPT4"), QStringLiteral("LPT5"),
        QStringLiteral("LPT6"), QStringLiteral("LPT7"), QStringLiteral("LPT8"),
        QStringLiteral("LPT9")};
    // Windows refuses "con.txt" as well as "con".
    const QString base = stem.section(QLatin1Char('.'), 0, 0);
    return devices.contains(base, Qt::CaseInsensitive);
}

} // namespace

QString EntryNames::stem(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        const bool forbidden =
            c.unicode() < 0x20 || c.unicode() == 0x7f || QStringLiteral("/\\:*?\"<>|").contains(c);
        out += forbidden ? QLatin1Char('-') : c;
    }
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char(' ')))
        out.remove(0, 1);
    // Cut at a code point boundary so that no half surrogate pair is left.
    while (out.toUtf8().size() > MaxStemBytes) {
        out.chop(1);
        if (!out.isEmpty() && out.back().isHighSurrogate())
            out.chop(1);
    }
    while (out.endsWith(QLatin1Char('.')) || out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    if (out.isEmpty())
        out = QStringLiteral("untitled");
    if (isReservedDeviceName(out))
        out += QLatin1Char('_');
    return out;
}

void EntryNames::reserve(const QString &entry)
{
    m_taken.insert(entry.toCaseFolded());
}

QString EntryNames::claim(const QString &stem, const QString &suffix)
{
    QString candidate = stem + suffix;
    for (int n = 2; m_taken.contains(candidate.toCaseFolded()); ++n)
        candidate = QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(suffix);
    m_taken.insert(candidate.toCaseFolded());
    return candidate;
}

bool naturalEntryLess(const QString &a, const QString &b)
{
    // Compared without the file type, so that "Ping" comes before "Ping-2" as the names do.
    const auto stemOf = [](const QString &entry) {
        for (const QLatin1String suffix :
             {QLatin1String(".request.json"), QLatin1String(".json")}) {
            if (entry.endsWith(suffix))
                return QStringView(entry).chopped(suffix.size());
        }
        return QStringView(entry);
    };
    const QStringView sa = stemOf(a), sb = stemOf(b);
    const int folded = sa.compare(sb, Qt::CaseInsensitive);
    if (folded != 0)
        return folded < 0;
    const int exact = sa.compare(sb, Qt::CaseSensitive);
    return exact != 0 ? exact < 0 : a < b;
}

} // namespace Keyway
