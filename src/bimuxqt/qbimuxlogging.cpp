#include "qbimuxlogging_p.h"

Q_LOGGING_CATEGORY(lcMuxer, "bimuxqt.muxer")
Q_LOGGING_CATEGORY(lcWire, "bimuxqt.wire", QtWarningMsg)
Q_LOGGING_CATEGORY(lcServer, "bimuxqt.server")
