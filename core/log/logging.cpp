#include "log/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "keyway.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAuth, "keyway.auth", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "keyway.store", QtWarningMsg)
