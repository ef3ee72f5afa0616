#include "base/WireFormat.h"
#include "config/Config.h"
#include "config/ProviderKind.h"
#include "providers/ProviderAdapters.h"
#include "providers/ProviderRequest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using base::WireFormat;
using config::ProviderKind;

namespace switchyard::config {
// Found by QTest through argument-dependent lookup: failures print "ollama", not a number.
char *toString(ProviderKind kind)
{
    return qstrdup(qPrintable(providerKindName(kind)));
}
} // namespace switchyard::config

namespace {
constexpr char kKeyVariable[] = "SWITCHYARD_TEST_ADAPTER_KEY";
// Built at run time so that no literal in the sources looks like a key.
const QByteArray kKey = QByteArray("sk-") + "fake-adapter-probe";

config::ProviderConfig provider(ProviderKind kind, const QString &baseUrl)
{
    config::ProviderConfig p;
    p.name = u"p"_s;
    p.kind = kind;
    p.baseUrl = QUrl(baseUrl);
    return p;
}
} // namespace

/// The one provider abstraction: kinds, adapterFor(), wire formats, probe requests.
class TestProviderAdapters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void kindRoundTrip_data();
    void kindRoundTrip();
    void unknownKind_data();
    void unknownKind();
    void adapterForEachKind_data();
    void adapterForEachKind();
    void upstreamFormat_data();
    void upstreamFormat();
    void requestUrl_data();
    void requestUrl();
    void probeRequest_data();
    void probeRequest();
    void unsupportedOperations_data();
    void unsupportedOperations();
};

void TestProviderAdapters::initTestCase()
{
    qputenv(kKeyVariable, kKey);
}

void TestProviderAdapters::cleanupTestCase()
{
    qunsetenv(kKeyVariable);
}

void TestProviderAdapters::kindRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ProviderKind>("kind");
    QTest::newRow("openai") << u"openai"_s << ProviderKind::OpenAi;
    QTest::newRow("anthropic") << u"anthropic"_s << ProviderKind::Anthropic;
    QTest::newRow("ollama") << u"ollama"_s << ProviderKind::Ollama;
}

void TestProviderAdapters::kindRoundTrip()
{
    QFETCH(QString, name);
    QFETCH(ProviderKind, kind);
    QCOMPARE(config::parseProviderKind(name), std::optional<ProviderKind>(kind));
    QCOMPARE(config::providerKindName(kind), name);
    QVERIFY(config::providerKindNames().contains(name));
}

void TestProviderAdapters::unknownKind_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("typo") << u"openia"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("case matters") << u"OpenAI"_s;
    QTest::newRow("padded") << u" ollama"_s;
    QTest::newRow("a preset, not a kind") << u"groq"_s;
}

void TestProviderAdapters::unknownKind()
{
    QFETCH(QString, name);
    QVERIFY(!config::parseProviderKind(name));
    // The order config errors list them in: "unknown kind 'x' (known: openai, anthropic, ollama)".
    QCOMPARE(config::providerKindNames(),
             QStringList({ u"openai"_s, u"anthropic"_s, u"ollama"_s }));
}

void TestProviderAdapters::adapterForEachKind_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<bool>("reportsLoadedModels");
    QTest::addColumn<bool>("apiKeyHeader");
    QTest::newRow("openai") << ProviderKind::OpenAi << false << false;
    QTest::newRow("anthropic") << ProviderKind::Anthropic << false << true;
    QTest::newRow("ollama") << ProviderKind::Ollama << true << false;
}

void TestProviderAdapters::adapterForEachKind()
{
    QFETCH(ProviderKind, kind);
    QFETCH(bool, reportsLoadedModels);
    QFETCH(bool, apiKeyHeader);
    const providers::ProviderAdapter &adapter = providers::adapterFor(kind);
    QCOMPARE(adapter.kind(), kind);
    QCOMPARE(&providers::adapterFor(kind), &adapter); // one shared instance
    QCOMPARE(adapter.reportsLoadedModels(), reportsLoadedModels);
    QCOMPARE(adapter.authStyle() == providers::AuthStyle::ApiKeyHeader, apiKeyHeader);
}

void TestProviderAdapters::upstreamFormat_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<WireFormat>("inbound");
    QTest::addColumn<WireFormat>("expected");

    // OpenAI-compatible: chat for every chat-like API; completions and embeddings as they are.
    QTest::newRow("openai chat") << ProviderKind::OpenAi << WireFormat::OpenAiChat
                                 << WireFormat::OpenAiChat;
    QTest::newRow("openai completions")
        << ProviderKind::OpenAi << WireFormat::OpenAiCompletions << WireFormat::OpenAiCompletions;
    QTest::newRow("openai embeddings")
        << ProviderKind::OpenAi << WireFormat::OpenAiEmbeddings << WireFormat::OpenAiEmbeddings;
    QTest::newRow("openai messages")
        << ProviderKind::OpenAi << WireFormat::AnthropicMessages << WireFormat::OpenAiChat;
    QTest::newRow("openai responses")
        << ProviderKind::OpenAi << WireFormat::OpenAiResponses << WireFormat::OpenAiChat;
    QTest::newRow("openai ollama chat")
        << ProviderKind::OpenAi << WireFormat::OllamaChat << WireFormat::OllamaChat;
    // Anthropic: Messages, whatever came in.
    QTest::newRow("anthropic chat")
        << ProviderKind::Anthropic << WireFormat::OpenAiChat << WireFormat::AnthropicMessages;
    QTest::newRow("anthropic completions")
        << ProviderKind::Anthropic << WireFormat::OpenAiCompletions
        << WireFormat::AnthropicMessages;
    QTest::newRow("anthropic embeddings")
        << ProviderKind::Anthropic << WireFormat::OpenAiEmbeddings << WireFormat::AnthropicMessages;
    QTest::newRow("anthropic messages") << ProviderKind::Anthropic << WireFormat::AnthropicMessages
                                        << WireFormat::AnthropicMessages;
    QTest::newRow("anthropic responses")
        << ProviderKind::Anthropic << WireFormat::OpenAiResponses << WireFormat::AnthropicMessages;
    QTest::newRow("anthropic ollama chat")
        << ProviderKind::Anthropic << WireFormat::OllamaChat << WireFormat::AnthropicMessages;
    // Ollama: the native chat for chat-like APIs, its OpenAI-compatible /v1 for the rest.
    QTest::newRow("ollama chat") << ProviderKind::Ollama << WireFormat::OpenAiChat
                                 << WireFormat::OllamaChat;
    QTest::newRow("ollama completions")
        << ProviderKind::Ollama << WireFormat::OpenAiCompletions << WireFormat::OpenAiCompletions;
    QTest::newRow("ollama embeddings")
        << ProviderKind::Ollama << WireFormat::OpenAiEmbeddings << WireFormat::OpenAiEmbeddings;
    QTest::newRow("ollama messages")
        << ProviderKind::Ollama << WireFormat::AnthropicMessages << WireFormat::OllamaChat;
    QTest::newRow("ollama responses")
        << ProviderKind::Ollama << WireFormat::OpenAiResponses << WireFormat::OllamaChat;
    QTest::newRow("ollama ollama chat")
        << ProviderKind::Ollama << WireFormat::OllamaChat << WireFormat::OllamaChat;
}

void TestProviderAdapters::upstreamFormat()
{
    QFETCH(ProviderKind, kind);
    QFETCH(WireFormat, inbound);
    QFETCH(WireFormat, expected);
    QCOMPARE(providers::adapterFor(kind).upstreamFormat(inbound), expected);
}

void TestProviderAdapters::requestUrl_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<QString>("url");

    QTest::newRow("openai chat") << ProviderKind::OpenAi << u"https://api.openai.com/v1"_s
                                 << WireFormat::OpenAiChat
                                 << u"https://api.openai.com/v1/chat/completions"_s;
    QTest::newRow("openai embeddings")
        << ProviderKind::OpenAi << u"https://api.openai.com/v1"_s << WireFormat::OpenAiEmbeddings
        << u"https://api.openai.com/v1/embeddings"_s;
    QTest::newRow("anthropic") << ProviderKind::Anthropic << u"https://api.anthropic.com/v1"_s
                               << WireFormat::AnthropicMessages
                               << u"https://api.anthropic.com/v1/messages"_s;
    QTest::newRow("ollama native chat")
        << ProviderKind::Ollama << u"http://127.0.0.1:11434"_s << WireFormat::OllamaChat
        << u"http://127.0.0.1:11434/api/chat"_s;
    QTest::newRow("ollama native chat, /v1 base")
        << ProviderKind::Ollama << u"http://127.0.0.1:11434/v1"_s << WireFormat::OllamaChat
        << u"http://127.0.0.1:11434/api/chat"_s;
    QTest::newRow("ollama completions on /v1")
        << ProviderKind::Ollama << u"http://127.0.0.1:11434"_s << WireFormat::OpenAiCompletions
        << u"http://127.0.0.1:11434/v1/completions"_s;
    QTest::newRow("ollama embeddings, /v1 base")
        << ProviderKind::Ollama << u"http://127.0.0.1:11434/v1"_s << WireFormat::OpenAiEmbeddings
        << u"http://127.0.0.1:11434/v1/embeddings"_s;
}

void TestProviderAdapters::requestUrl()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, baseUrl);
    QFETCH(WireFormat, format);
    QFETCH(QString, url);
    const auto spec = providers::adapterFor(kind).buildRequest(provider(kind, baseUrl), format,
                                                               "{}", false, {});
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().message));
    QCOMPARE(spec->method, QByteArray("POST"));
    QCOMPARE(spec->url.toString(), url);
    QCOMPARE(spec->body, QByteArray("{}"));
}

void TestProviderAdapters::probeRequest_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("discover");
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("authName"); ///< empty: no credential is sent
    QTest::addColumn<QByteArray>("authValue");

    const QByteArray bearer = "Bearer " + kKey;
    QTest::newRow("openai, no key")
        << ProviderKind::OpenAi << u"https://api.openai.com/v1"_s << QString() << false << false
        << u"https://api.openai.com/v1/models"_s << QByteArray() << QByteArray();
    QTest::newRow("openai, key") << ProviderKind::OpenAi << u"https://api.openai.com/v1"_s
                                 << QString() << false << true
                                 << u"https://api.openai.com/v1/models"_s
                                 << QByteArray("Authorization") << bearer;
    QTest::newRow("anthropic, key")
        << ProviderKind::Anthropic << u"https://api.anthropic.com/v1"_s << QString() << false
        << true << u"https://api.anthropic.com/v1/models"_s << QByteArray("x-api-key") << kKey;
    QTest::newRow("ollama, no key")
        << ProviderKind::Ollama << u"http://127.0.0.1:11434"_s << QString() << false << false
        << u"http://127.0.0.1:11434/api/tags"_s << QByteArray() << QByteArray();
    QTest::newRow("ollama behind a proxy, /v1 base")
        << ProviderKind::Ollama << u"https://ollama.example.com/v1"_s << QString() << false << true
        << u"https://ollama.example.com/api/tags"_s << QByteArray("Authorization") << bearer;
    QTest::newRow("llama.cpp preset: health endpoint")
        << ProviderKind::OpenAi << u"http://127.0.0.1:8080/v1"_s << u"llamacpp"_s << false << false
        << u"http://127.0.0.1:8080/health"_s << QByteArray() << QByteArray();
    QTest::newRow("llama.cpp preset discovering: model list")
        << ProviderKind::OpenAi << u"http://127.0.0.1:8080/v1"_s << u"llamacpp"_s << true << false
        << u"http://127.0.0.1:8080/v1/models"_s << QByteArray() << QByteArray();
}

void TestProviderAdapters::probeRequest()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, baseUrl);
    QFETCH(QString, preset);
    QFETCH(bool, discover);
    QFETCH(bool, withKey);
    QFETCH(QString, url);
    QFETCH(QByteArray, authName);
    QFETCH(QByteArray, authValue);

    config::ProviderConfig p = provider(kind, baseUrl);
    p.preset = preset;
    p.discoverModels = discover;
    if (withKey)
        p.apiKey = config::SecretRef { config::SecretRef::Source::Env,
                                       QString::fromLatin1(kKeyVariable) };
    const auto spec = providers::adapterFor(kind).probeRequest(p);
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().message));
    QCOMPARE(spec->method, QByteArray("GET"));
    QCOMPARE(spec->url.toString(), url);
    const bool hasAuthorization = !base::headerValue(spec->headers, "authorization").isEmpty();
    const bool hasApiKey = !base::headerValue(spec->headers, "x-api-key").isEmpty();
    if (authName.isEmpty()) {
        QVERIFY(!hasAuthorization && !hasApiKey);
    } else {
        QCOMPARE(base::headerValue(spec->headers, authName), authValue);
        QCOMPARE(int(hasAuthorization) + int(hasApiKey), 1); // exactly one credential
        // The probe with a key given by hand (providers test) uses the same header.
        QCOMPARE(providers::authHeader(providers::adapterFor(kind).authStyle(), kKey),
                 std::make_pair(authName, authValue));
    }
    if (kind == ProviderKind::Anthropic)
        QCOMPARE(base::headerValue(spec->headers, "anthropic-version"), QByteArray("2023-06-01"));
}

void TestProviderAdapters::unsupportedOperations_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("kindName");
    QTest::newRow("openai") << ProviderKind::OpenAi << u"openai"_s;
    QTest::newRow("anthropic") << ProviderKind::Anthropic << u"anthropic"_s;
}

void TestProviderAdapters::unsupportedOperations()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, kindName);
    const config::ProviderConfig p = provider(kind, u"https://x.io/v1"_s);
    const providers::ProviderAdapter &adapter = providers::adapterFor(kind);

    const auto load = adapter.loadRequest(p, u"m"_s, true);
    QVERIFY(!load);
    QCOMPARE(load.error().code, ErrorCode::Unsupported);
    QCOMPARE(load.error().message,
             u"The provider 'p' (%1) cannot load or unload models; only local servers that "
             "manage models (Ollama) can."_s.arg(kindName));

    const auto loaded = adapter.loadedModelsRequest(p);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, ErrorCode::Unsupported);
    QCOMPARE(loaded.error().message,
             u"The provider 'p' (%1) does not report loaded models; Ollama does."_s.arg(kindName));
}

QTEST_GUILESS_MAIN(TestProviderAdapters)
#include "tst_provider_adapters.moc"
