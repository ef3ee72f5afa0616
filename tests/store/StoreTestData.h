#pragma once

#include "base/RequestRecord.h"

#include <QString>

namespace switchyard::store::testdata {

/// A realistic record; \a i varies provider, model, route, status, tokens and cost.
inline base::RequestRecord record(int i, qint64 startedAtMs)
{
    using namespace Qt::StringLiterals;
    base::RequestRecord r;
    r.requestId = "req_" + QByteArray::number(i);
    r.startedAtMs = startedAtMs;
    r.endpoint = u"chat.completions"_s;
    r.requestedModel = i % 2 ? u"coder"_s : u"gpt-4o-mini"_s;
    r.route = i % 2 ? u"coder"_s : QString();
    r.strategy = u"fallback"_s;
    r.provider = i % 3 ? u"openai"_s : u"local"_s;
    r.model = i % 3 ? u"gpt-4o-mini"_s : u"qwen2.5-coder"_s;
    r.attempts = { { r.provider + u'/' + r.model, QString::number(i % 7 ? 200 : 500), QString() } };
    r.status = i % 7 ? 200 : 500;
    r.errorCode = i % 7 ? QString() : u"upstream_error"_s;
    r.stream = i % 2;
    r.inboundApi = u"openai"_s;
    r.tokenName = u"laptop"_s;
    r.tokensIn = 100 + i % 50;
    r.tokensOut = 20 + i % 30;
    r.tokensCached = i % 5;
    r.tokensReasoning = i % 4;
    r.usageKnown = true;
    r.costUsd = r.provider == u"local"_s ? 0.0 : 0.0001 * (1 + i % 10);
    r.costKnown = true;
    r.priceVersion = u"2025-01"_s;
    r.cacheHit = i % 11 == 0;
    r.latencyMs = 50 + i % 400;
    r.ttftMs = r.stream ? 10 + i % 90 : -1;
    r.bytesIn = 300 + i % 100;
    r.bytesOut = 900 + i % 500;
    return r;
}

} // namespace switchyard::store::testdata
