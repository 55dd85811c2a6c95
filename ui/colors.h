#pragma once

#include "auth/tokenmanager.h"
#include "log/event.h"

#include <QColor>

class QPalette;

namespace Keyway::Colors {

// The one place where Keyway's colours are chosen. Each takes the palette so that a dark theme
// gets lighter tones of the same hues.

// Text colour for a log row of this kind; invalid: the palette's own text colour.
QColor forEventKind(EventKind kind, const QPalette &palette);
// Status codes by class: 2xx green, 3xx blue, 4xx orange, 5xx and no answer (0) red.
QColor forHttpStatus(int status, const QPalette &palette);
// The token indicator's dot.
QColor forTokenState(TokenManager::State state, const QPalette &palette);
// A foreground that reads on `background` (white or near-black).
QColor textOn(const QColor &background);

} // namespace Keyway::Colors
