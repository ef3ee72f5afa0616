#pragma once

#include "base/HeaderList.h"
#include "base/Result.h"
#include "config/Config.h"
#include "upstream/UpstreamTypes.h"

#include <QStringList>

#include <functional>

namespace switchyard::providers {

/// How a provider takes its API key.
enum class AuthStyle {
    Bearer, ///< `Authorization: Bearer <key>` (OpenAI-compatible servers, proxies before Ollama)
    ApiKeyHeader, ///< `x-api-key: <key>` (Anthropic)
};

/// What every request to a provider starts from: method, base URL + \a urlPath (a full path
/// below the server; the caller decides about /v1), the provider's timeouts, User-Agent.
upstream::UpstreamRequestSpec baseRequest(const config::ProviderConfig &provider,
                                          const QByteArray &method, const QString &urlPath);

/// The header that carries \a key in \a style.
std::pair<QByteArray, QByteArray> authHeader(AuthStyle style, const QByteArray &key);

/// baseRequest() plus the provider's key from its reference, in \a style (nothing when it has
/// no key). Fails when the key cannot be read. Every adapter's requests start here.
Result<upstream::UpstreamRequestSpec> authorizedRequest(const config::ProviderConfig &provider,
                                                        const QByteArray &method,
                                                        const QString &urlPath, AuthStyle style);

/// The health check's request: \a modelList, or the preset's health endpoint at the server
/// root (llama.cpp, vLLM) when the model list is not needed for discovery.
Result<upstream::UpstreamRequestSpec> healthProbe(const config::ProviderConfig &provider,
                                                  Result<upstream::UpstreamRequestSpec> modelList);

/// The model ids in a model-list answer: `{"data":[{"id"}]}` (OpenAI, Anthropic) and
/// `{"models":[{"name"}]}` (Ollama's /api/tags), both read whatever the kind, because some
/// OpenAI-compatible servers (llama.cpp) answer with both.
QStringList modelListIds(const QByteArray &body);

/// The error of a provider whose kind cannot load or unload models.
Error cannotLoadModels(const config::ProviderConfig &provider);
/// The error of a provider whose kind does not report the models it holds in memory.
Error cannotReportLoadedModels(const config::ProviderConfig &provider);

/// The provider's API key from its reference; empty when it has none. Fails, with a message
/// naming the variable or keychain entry, when the key cannot be read.
Result<QByteArray> providerKey(const config::ProviderConfig &provider);

/// Where keychain keys come from in this thread (the gateway's SecretResolver): the key if it
/// has been read, else an error saying why not. Unset: keychain keys are unavailable.
using KeychainLookup = std::function<Result<QByteArray>(const config::SecretRef &)>;
void setKeychainLookup(KeychainLookup lookup);

} // namespace switchyard::providers
