#pragma once

#include "log/event.h"

#include <QByteArray>
#include <QList>

namespace Keyway {

// One compact JSON object per event and line (https://jsonlines.org), as Event::toJson() words
// it. Events carry fingerprints only, so this needs no further redaction.
QByteArray eventsToJsonLines(const QList<Event> &events);

} // namespace Keyway
