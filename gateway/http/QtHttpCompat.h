#pragma once

// The gate of the compatibility layer: QHttpServer 6.4 differs from 6.8+, and only
// ResponseWriter and QtServerBridge (this folder) know how.
// 6.4: handleRequest(request, QTcpSocket*), raw writes through responder.socket().
// 6.8: handleRequest(request, QHttpServerResponder&), write()/writeBeginChunked()/writeChunk().

#include <QtGlobal>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0) && QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
#error "Switchyard supports QtHttpServer 6.4 and 6.8 or newer"
#endif
