#pragma once

#include "FakeHttpServer.h"

namespace switchyard::fakes {

/// A fake Anthropic Messages API: POST /v1/messages (JSON and SSE with named events, tool_use
/// when tools are given), GET /v1/models, with faults on demand.
class FakeAnthropic final : public FakeHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeAnthropic)

public:
    enum class Fault { None, Status, DropMidStream };

    explicit FakeAnthropic(QObject *parent = nullptr);

    Fault fault = Fault::None;
    int faultStatus = 529;
    QByteArray content = "Hello from fake Claude.";

private:
    void handle(const FakeRequest &request, FakeReply *reply);
};

} // namespace switchyard::fakes
