#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

#include <memory>
#include <utility>

namespace switchyard::fakes {

/// A parsed HTTP response plus the exact bytes it arrived as.
struct TestResponse
{
    int status = 0; ///< 0: no response (connection closed or timed out)
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body; ///< de-chunked
    QByteArray raw; ///< everything read, for framing checks
    bool chunked = false;
    bool closedByServer = false;

    QByteArray header(QByteArrayView name) const;
};

/// Raw-socket HTTP client for tests. Waits by spinning the event loop, so fakes and
/// servers in the test thread keep working while it waits.
class TestClient final
{
public:
    TestClient(quint16 port);
    ~TestClient();

    bool connectToServer(int timeoutMs = 5000);
    void sendRaw(const QByteArray &bytes);
    /// Reads one complete response (or until close / timeout).
    TestResponse readResponse(int timeoutMs = 10000);
    /// True if the server closes the connection within \a timeoutMs.
    bool waitForClose(int timeoutMs = 5000);
    QTcpSocket &socket() { return *m_socket; }

    /// One-shot helpers on a fresh connection.
    static TestResponse request(quint16 port, const QByteArray &method, const QByteArray &path,
                                const QByteArray &body = {},
                                const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                                int timeoutMs = 10000);
    static TestResponse raw(quint16 port, const QByteArray &bytes, int timeoutMs = 10000);

private:
    bool tryParse(TestResponse &response);

    quint16 m_port;
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

/// Spins the event loop for \a ms (lets the gateway thread and fakes progress).
void spin(int ms);

} // namespace switchyard::fakes
