#include "log/jsonlines.h"

#include <QJsonDocument>

namespace Keyway {

QByteArray eventsToJsonLines(const QList<Event> &events)
{
    QByteArray out;
    out.reserve(events.size() * 200);
    for (const Event &event : events) {
        out += QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact);
        out += '\n';
    }
    return out;
}

} // namespace Keyway
