// Opens N concurrent streaming chat requests and reports how many completed cleanly.
// Usage: stream_clients PORT COUNT EVENTS DELAY_MS

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 5) {
        std::fprintf(stderr, "usage: stream_clients PORT COUNT EVENTS DELAY_MS\n");
        return 2;
    }
    const quint16 port = quint16(QByteArray(argv[1]).toUShort());
    const int count = QByteArray(argv[2]).toInt();
    const QByteArray body = "{\"model\":\"stream/m\",\"stream\":true,\"bench_events\":"
        + QByteArray(argv[3]) + ",\"bench_delay_ms\":" + QByteArray(argv[4])
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: "
                               "127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;

    int completed = 0, failed = 0, open = 0, peakOpen = 0;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    QElapsedTimer clock;
    clock.start();
    auto finish = [&] {
        if (completed + failed == count) {
            std::printf("streams=%d completed=%d failed=%d peak_open=%d seconds=%.2f\n", count,
                        completed, failed, peakOpen, clock.elapsed() / 1000.0);
            QCoreApplication::exit(failed == 0 ? 0 : 1);
        }
    };
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = socket.get();
        auto received = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::connected, s, [s, &request, &open, &peakOpen] {
            s->write(request);
            peakOpen = std::max(peakOpen, ++open);
        });
        QObject::connect(s, &QTcpSocket::readyRead, s, [s, received, &completed, &open, &finish] {
            *received += s->readAll();
            if (received->endsWith("0\r\n\r\n") && received->contains("data: [DONE]")) {
                ++completed;
                --open;
                s->disconnectFromHost();
                received->clear();
                finish();
            }
        });
        QObject::connect(s, &QTcpSocket::errorOccurred, s,
                         [s, received, &failed, &open, &finish](QAbstractSocket::SocketError) {
                             if (received->isEmpty()
                                 && s->state() == QAbstractSocket::UnconnectedState
                                 && s->property("done").toBool())
                                 return;
                             s->setProperty("done", true);
                             ++failed;
                             --open;
                             finish();
                         });
        s->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(socket));
    }
    QTimer::singleShot(120000, &app, [&] {
        std::printf("timeout: completed=%d failed=%d\n", completed, failed);
        QCoreApplication::exit(1);
    });
    return QCoreApplication::exec();
}
