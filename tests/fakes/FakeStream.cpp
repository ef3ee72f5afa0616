#include "FakeStream.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

namespace switchyard::fakes {

FakeStream::FakeStream(Framing framing) : m_framing(framing) { }

void FakeStream::add(const QJsonObject &data, const QByteArray &name)
{
    addRaw(QJsonDocument(data).toJson(QJsonDocument::Compact), name);
}

void FakeStream::addRaw(const QByteArray &data, const QByteArray &name)
{
    if (m_framing == Framing::Ndjson) {
        m_events.append(data + '\n');
        return;
    }
    m_events.append((name.isEmpty() ? QByteArray() : "event: " + name + '\n') + "data: " + data
                    + "\n\n");
}

qsizetype FakeStream::size() const
{
    return m_events.size();
}

void FakeStream::send(FakeReply *reply) const
{
    send(reply, Delivery {});
}

void FakeStream::send(FakeReply *reply, const Delivery &delivery) const
{
    reply->beginChunked(
        200,
        { { "Content-Type",
            m_framing == Framing::Ndjson ? "application/x-ndjson" : "text/event-stream" } });
    if (m_events.isEmpty())
        reply->endChunked();
    const QPointer<FakeReply> r(reply);
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        const bool last = i == m_events.size() - 1;
        auto write = [r, event = m_events.at(i), last, i, delivery] {
            if (!r)
                return;
            if (i == delivery.dropAt) {
                r->reset();
                return;
            }
            if (delivery.dropAt >= 0 && i > delivery.dropAt)
                return;
            if (delivery.onEvent)
                delivery.onEvent();
            r->chunk(event);
            if (last)
                r->endChunked();
        };
        if (delivery.spacingMs == 0)
            write();
        else
            QTimer::singleShot(int(i) * delivery.spacingMs, reply, write);
    }
}

} // namespace switchyard::fakes
