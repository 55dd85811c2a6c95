#pragma once

#include <QLoggingCategory>

// Every diagnostic goes through one of these categories, so a user can switch them on or off
// with QT_LOGGING_RULES (for example "keyway.auth.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
