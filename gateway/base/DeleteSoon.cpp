#include "DeleteSoon.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace switchyard::base {

namespace {

class Batch final : public QObject
{
public:
    Batch()
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, &Batch::flush);
    }
    ~Batch() override { flush(); }

    void add(QObject *object)
    {
        m_pending.append(object);
        if (!m_timer.isActive())
            m_timer.start();
    }

private:
    void flush()
    {
        // Deleting may schedule more deletions; those wait for the next pass.
        const QList<QPointer<QObject>> batch = std::exchange(m_pending, {});
        for (const QPointer<QObject> &object : batch)
            delete object.data();
    }

    QTimer m_timer;
    QList<QPointer<QObject>> m_pending;
};

thread_local std::unique_ptr<Batch> t_batch;

} // namespace

void deleteSoon(QObject *object)
{
    if (!t_batch)
        t_batch = std::make_unique<Batch>();
    t_batch->add(object);
}

} // namespace switchyard::base
