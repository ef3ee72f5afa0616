#pragma once

#include "upstream/UpstreamTypes.h"

#include <QObject>

#include <memory>

namespace switchyard::upstream {

class CurlMulti;
class UpstreamTransfer;

/// All upstream HTTP traffic: one libcurl multi handle driven by this thread's event loop
/// (QSocketNotifier per socket + one single-shot QTimer). Connections are pooled and reused;
/// HTTP/2 is used where the upstream offers it over TLS. Create, use and destroy in one thread.
class UpstreamClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamClient)

public:
    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override; ///< cancels every transfer still running

    /// Starts a transfer at once. The transfer is owned by the client and deletes itself
    /// after finished(); hold it in a QPointer.
    UpstreamTransfer *start(UpstreamRequestSpec spec);

    int activeTransfers() const;

private:
    std::unique_ptr<CurlMulti> m_multi;
};

} // namespace switchyard::upstream
