// A lean OpenAI-shaped upstream for benchmarks: fixed JSON for plain requests and an SSE
// stream of `bench_events` events `bench_delay_ms` apart when the body asks to stream.
// Usage: bench_upstream PORT

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>

namespace {

const QByteArray kJson
    = R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}})";

QByteArray event(int i)
{
    return "data: "
           "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
           "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t"
        + QByteArray::number(i) + " \"},\"finish_reason\":null}]}\n\n";
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

void serve(QTcpSocket *socket, const QByteArray &body)
{
    if (!body.contains("\"stream\":true")) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(kJson.size()) + "\r\n\r\n" + kJson);
        return;
    }
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const int events = request.value(QStringLiteral("bench_events")).toInt(5);
    const int delay = request.value(QStringLiteral("bench_delay_ms")).toInt(0);
    socket->write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    QPointer<QTcpSocket> s(socket);
    for (int i = 0; i <= events; ++i) {
        auto send = [s, i, events] {
            if (!s)
                return;
            if (i == events)
                s->write(chunk("data: [DONE]\n\n") + "0\r\n\r\n");
            else
                s->write(chunk(event(i)));
        };
        if (delay == 0 || i == 0)
            send(); // the first event goes out at once: time-to-first-byte is what we measure
        else
            QTimer::singleShot(i * delay, socket, send);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTcpServer server;
    server.setListenBacklogSize(4096);
    if (argc < 2
        || !server.listen(QHostAddress::LocalHost, quint16(QByteArray(argv[1]).toUShort()))) {
        std::fprintf(stderr, "usage: bench_upstream PORT\n");
        return 2;
    }
    server.setMaxPendingConnections(10000);
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                QByteArray buffer = socket->property("buf").toByteArray() + socket->readAll();
                for (;;) {
                    const qsizetype end = buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        break;
                    qint64 length = 0;
                    const qsizetype cl = buffer.toLower().indexOf("content-length:");
                    if (cl >= 0 && cl < end)
                        length = buffer.mid(cl + 15, buffer.indexOf("\r\n", cl) - cl - 15)
                                     .trimmed()
                                     .toLongLong();
                    if (buffer.size() < end + 4 + length)
                        break;
                    serve(socket, buffer.mid(end + 4, length));
                    buffer.remove(0, end + 4 + length);
                }
                socket->setProperty("buf", buffer);
            });
        }
    });
    std::printf("bench_upstream listening on %d\n", server.serverPort());
    std::fflush(stdout);
    return QCoreApplication::exec();
}
