#include "colors.h"

#include <QPalette>

namespace Keyway::Colors {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor tone(const char *light, const char *dark, const QPalette &palette)
{
    return QColor::fromString(QLatin1String(isDark(palette) ? dark : light));
}

} // namespace

QColor forEventKind(EventKind kind, const QPalette &palette)
{
    switch (kind) {
    case EventKind::Http: return {};
    case EventKind::Token: return palette.color(QPalette::Disabled, QPalette::Text);
    case EventKind::Challenge: return tone("#b35c00", "#ffb454", palette);
    case EventKind::Refresh: return tone("#1f5fbf", "#7fb2ff", palette);
    case EventKind::Replay: return tone("#2e7d32", "#81c784", palette);
    case EventKind::Store: return tone("#6a3d9a", "#c39bd3", palette);
    case EventKind::Redirect: return tone("#00796b", "#4db6ac", palette);
    case EventKind::Failure: return tone("#c62828", "#ff6f6f", palette);
    }
    return {};
}

QColor forHttpStatus(int status, const QPalette &palette)
{
    if (status >= 200 && status < 300)
        return tone("#2e7d32", "#43a047", palette);
    if (status >= 300 && status < 400)
        return tone("#1f5fbf", "#3f7fd0", palette);
    if (status >= 400 && status < 500)
        return tone("#d46b08", "#e08a2c", palette);
    if (status >= 100 && status < 200)
        return tone("#607d8b", "#78909c", palette);
    return tone("#c62828", "#e05555", palette);
}

QColor forTokenState(TokenManager::State state, const QPalette &palette)
{
    using State = TokenManager::State;
    switch (state) {
    case State::Fresh: return tone("#2e7d32", "#66bb6a", palette);
    case State::Stale:
    case State::Refreshing:
    case State::WaitingOnPeer:
    case State::OutcomeUnknown: return tone("#d48806", "#ffca28", palette);
    case State::Expired:
    case State::Backoff:
    case State::ReauthRequired:
    case State::AuthRejected: return tone("#c62828", "#ff6f6f", palette);
    case State::NoToken: return palette.color(QPalette::Disabled, QPalette::Text);
    }
    return {};
}

QColor textOn(const QColor &background)
{
    // Perceived luminance (ITU-R BT.601 weights).
    const double luminance =
        0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    return luminance > 0.6 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

} // namespace Keyway::Colors
