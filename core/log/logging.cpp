#include "log/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "keyway.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "keyway.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "keyway.store", QtInfoMsg)
