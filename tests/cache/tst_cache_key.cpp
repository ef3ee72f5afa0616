#include "cache/CacheKey.h"
#include "cache/CanonicalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cctype>

using namespace Qt::StringLiterals;
using namespace switchyard;
using switchyard::cache::CacheKey;

namespace {

const QString kEndpoint = u"/v1/chat/completions"_s;

QByteArray chatKey(const QByteArray &body, const QString &model = u"openai/gpt-4o"_s)
{
    return CacheKey::compute(base::WireFormat::OpenAiChat, kEndpoint, body, model);
}

} // namespace

class TestCacheKey final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pairs_data();
    void pairs();
    void keyIsHexSha256();
    void componentsOutsideTheBody_data();
    void componentsOutsideTheBody();
    void notAnObjectIsNotCacheable_data();
    void notAnObjectIsNotCacheable();
    void canonicalText_data();
    void canonicalText();
};

void TestCacheKey::pairs_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("same");

    const QByteArray base
        = R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0})"_ba;
    QTest::newRow("identical") << base << base << true;
    QTest::newRow("key order")
        << base
        << R"({"temperature":0,"messages":[{"content":"hi","role":"user"}],"model":"gpt-4o"})"_ba
        << true;
    QTest::newRow("whitespace")
        << base
        << "{\n  \"model\" : \"gpt-4o\",\r\n\t\"messages\": [ { \"role\": \"user\", \"content\": \"hi\" } ],\n \"temperature\": 0 }\n"_ba
        << true;
    QTest::newRow("0 vs 0.0")
        << base
        << R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0.0})"_ba
        << true;
    QTest::newRow("1 vs 1.0 vs 1e0") << R"({"model":"m","max_tokens":100,"top_p":1})"_ba
                                     << R"({"model":"m","max_tokens":1e2,"top_p":1.0})"_ba << true;
    QTest::newRow("0.7 vs 0.70 vs 7e-1") << R"({"model":"m","temperature":0.7})"_ba
                                         << R"({"model":"m","temperature":7e-1})"_ba << true;
    QTest::newRow("0.7 vs 0.71") << R"({"model":"m","temperature":0.7})"_ba
                                 << R"({"model":"m","temperature":0.71})"_ba << false;
    QTest::newRow("big integers stay exact")
        << R"({"model":"m","seed":9007199254740993})"_ba
        << R"({"model":"m","seed":9007199254740992})"_ba << false;
    QTest::newRow("unicode escape vs utf-8")
        << R"({"model":"m","messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude00"}]})"_ba
        << "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\"}]}"_ba
        << true;
    QTest::newRow("escaped slash") << R"({"model":"m","stop":["a/b"]})"_ba
                                   << R"({"model":"m","stop":["a\/b"]})"_ba << true;
    QTest::newRow("dropped members")
        << base << R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0,
              "user":"alice","metadata":{"session":"42"},"store":true,"service_tier":"auto",
              "safety_identifier":"x","prompt_cache_key":"k"})"_ba
        << true;
    QTest::newRow("stream_options without usage dropped")
        << R"({"model":"m","stream":true})"_ba
        << R"({"model":"m","stream":true,"stream_options":{"include_obfuscation":false}})"_ba
        << true;
    QTest::newRow("stream false equals absent") << R"({"model":"m"})"_ba
                                                << R"({"model":"m","stream":false})"_ba << true;
    QTest::newRow("stream kept") << R"({"model":"m"})"_ba
                                 << R"({"model":"m","stream":true})"_ba << false;
    QTest::newRow("usage chunk kept for streams")
        << R"({"model":"m","stream":true})"_ba
        << R"({"model":"m","stream":true,"stream_options":{"include_usage":true}})"_ba << false;
    QTest::newRow("usage option ignored without stream")
        << R"({"model":"m"})"_ba
        << R"({"model":"m","stream_options":{"include_usage":true}})"_ba << true;
    QTest::newRow("parallel_tool_calls kept")
        << R"({"model":"m"})"_ba
        << R"({"model":"m","parallel_tool_calls":false})"_ba << false;
    QTest::newRow("n kept") << R"({"model":"m"})"_ba
                            << R"({"model":"m","n":2})"_ba << false;
    QTest::newRow("different messages")
        << base
        << R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi!"}],"temperature":0})"_ba
        << false;
    QTest::newRow("message order matters")
        << R"({"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]})"_ba
        << R"({"model":"m","messages":[{"role":"user","content":"b"},{"role":"user","content":"a"}]})"_ba
        << false;
    QTest::newRow("different temperature")
        << base
        << R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":1})"_ba
        << false;
    QTest::newRow("nested objects sorted")
        << R"({"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}}}]})"_ba
        << R"({"tools":[{"function":{"parameters":{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"type":"object"},"name":"f"},"type":"function"}],"model":"m"})"_ba
        << true;
    QTest::newRow("nested member dropped only at top level")
        << R"({"model":"m","response_format":{"type":"json_schema","user":"x"}})"_ba
        << R"({"model":"m","response_format":{"type":"json_schema"}})"_ba << false;
    QTest::newRow("null vs absent") << R"({"model":"m"})"_ba
                                    << R"({"model":"m","stop":null})"_ba << false;
    QTest::newRow("true vs 1") << R"({"model":"m","logprobs":true})"_ba
                               << R"({"model":"m","logprobs":1})"_ba << false;
    QTest::newRow("string vs number") << R"({"model":"m","seed":1})"_ba
                                      << R"({"model":"m","seed":"1"})"_ba << false;
    QTest::newRow("body model kept") << R"({"model":"a"})"_ba
                                     << R"({"model":"b"})"_ba << false;
}

void TestCacheKey::pairs()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, same);
    const QByteArray keyA = chatKey(a);
    const QByteArray keyB = chatKey(b);
    QVERIFY(!keyA.isEmpty());
    QVERIFY(!keyB.isEmpty());
    QCOMPARE(keyA == keyB, same);
}

void TestCacheKey::keyIsHexSha256()
{
    const QByteArray key = chatKey(R"({"model":"m"})"_ba);
    QCOMPARE(key.size(), 64);
    for (const char c : key)
        QVERIFY2(std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(c), key.constData());
    QCOMPARE(chatKey(R"({"model":"m"})"_ba), key); // stable
}

void TestCacheKey::componentsOutsideTheBody_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("model");

    QTest::newRow("different model")
        << int(base::WireFormat::OpenAiChat) << kEndpoint << u"openai/gpt-4o-mini"_s;
    QTest::newRow("route instead of model")
        << int(base::WireFormat::OpenAiChat) << kEndpoint << u"fast"_s;
    QTest::newRow("different endpoint")
        << int(base::WireFormat::OpenAiChat) << u"/v1/completions"_s << u"openai/gpt-4o"_s;
    QTest::newRow("different format")
        << int(base::WireFormat::OpenAiResponses) << kEndpoint << u"openai/gpt-4o"_s;
}

void TestCacheKey::componentsOutsideTheBody()
{
    QFETCH(int, format);
    QFETCH(QString, endpoint);
    QFETCH(QString, model);
    const QByteArray body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})"_ba;
    const QByteArray reference = chatKey(body);
    const QByteArray other = CacheKey::compute(base::WireFormat(format), endpoint, body, model);
    QVERIFY(!other.isEmpty());
    QVERIFY(other != reference);
}

void TestCacheKey::notAnObjectIsNotCacheable_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << "{\"model\":"_ba;
    QTest::newRow("array") << R"([{"model":"m"}])"_ba;
    QTest::newRow("string") << R"("hello")"_ba;
}

void TestCacheKey::notAnObjectIsNotCacheable()
{
    QFETCH(QByteArray, body);
    QVERIFY(chatKey(body).isEmpty());
}

void TestCacheKey::canonicalText_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("sorted, compact")
        << R"({ "b": [1, 2.50, {"z": null, "a": false}], "a": "x" })"_ba
        << R"({"a":"x","b":[1,2.5,{"a":false,"z":null}]})"_ba;
    QTest::newRow("numbers") << R"([1.0, -0.0, 1e2, 0.1, 1.5e300, -12345678901234567])"_ba
                             << R"([1,0,100,0.1,1.5e+300,-12345678901234567])"_ba;
    QTest::newRow("escapes") << R"(["a\"b\\c\n\t\u0001\/"])"_ba
                             << R"(["a\"b\\c\u000a\u0009\u0001/"])"_ba;
    QTest::newRow("utf-8 raw") << R"(["\u00e9"])"_ba
                               << "[\"\xc3\xa9\"]"_ba;
}

void TestCacheKey::canonicalText()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, canonical);
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    QVERIFY(!doc.isNull());
    const QJsonValue value = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    QCOMPARE(cache::CanonicalJson::serialize(value), canonical);
}

QTEST_GUILESS_MAIN(TestCacheKey)
#include "tst_cache_key.moc"
