#include "QtServerBridge.h"

#include <QHttpServerRequest>
#include <QTcpServer>

namespace switchyard::http {

QtServerBridge::QtServerBridge(Dispatch dispatch, FindSocket findSocket, QObject *parent)
    : QAbstractHttpServer(parent), m_dispatch(std::move(dispatch)),
      m_findSocket(std::move(findSocket))
{
}

bool QtServerBridge::attach(QTcpServer *server)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return bind(server);
#else
    bind(server);
    return server->isListening();
#endif
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

bool QtServerBridge::handleRequest(const QHttpServerRequest &request,
                                   QHttpServerResponder &responder)
{
    m_dispatch(request, ResponseWriter(std::move(responder), m_findSocket(request)));
    return true;
}

void QtServerBridge::missingHandler(const QHttpServerRequest &request,
                                    QHttpServerResponder &responder)
{
    m_dispatch(request, ResponseWriter(std::move(responder), m_findSocket(request)));
}

#else

bool QtServerBridge::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_dispatch(request, ResponseWriter(makeResponder(request, socket), socket));
    return true;
}

void QtServerBridge::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_dispatch(request, ResponseWriter(makeResponder(request, socket), socket));
}

#endif

} // namespace switchyard::http
