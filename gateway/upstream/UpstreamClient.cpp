#include "UpstreamClient.h"

#include "upstream/CurlMulti.h"
#include "upstream/UpstreamTransfer.h"

namespace switchyard::upstream {

UpstreamClient::UpstreamClient(QObject *parent)
    : QObject(parent), m_multi(std::make_unique<CurlMulti>(this))
{
}

UpstreamClient::~UpstreamClient()
{
    // Before m_multi goes: every running transfer still gets its finished(Cancelled).
    m_multi->shutdown();
}

UpstreamTransfer *UpstreamClient::start(UpstreamRequestSpec spec)
{
    return m_multi->start(std::move(spec));
}

int UpstreamClient::activeTransfers() const
{
    return m_multi->activeTransfers();
}

} // namespace switchyard::upstream
