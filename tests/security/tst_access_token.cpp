#include "security/AccessToken.h"
#include "security/TokenRegistry.h"

#include <QCryptographicHash>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::security;

// Access tokens: generation, stored hashes, lookup, scopes, and reading them from requests.
class TestAccessToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatedTokensHaveTheFormat();
    void generatedTokensAreDistinctAndSpread();
    void hashIsSha256Hex();
    void validHashes_data();
    void validHashes();
    void constantTimeEquals_data();
    void constantTimeEquals();
    void authenticateFindsTheRightEntry();
    void authenticateRefuses_data();
    void authenticateRefuses();
    void scopes_data();
    void scopes();
    void fromHeaders_data();
    void fromHeaders();
};

void TestAccessToken::generatedTokensHaveTheFormat()
{
    const QByteArray token = AccessToken::generate();
    QVERIFY(token.startsWith("sk-sy-"));
    QCOMPARE(token.size(), 6 + 43);
    QVERIFY(AccessToken::looksLikeToken(token));
    const QByteArray raw = QByteArray::fromBase64(
        token.sliced(6), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(raw.size(), 32);
}

void TestAccessToken::generatedTokensAreDistinctAndSpread()
{
    QSet<QByteArray> seen;
    QSet<char> characters;
    for (int i = 0; i < 500; ++i) {
        const QByteArray token = AccessToken::generate();
        QVERIFY(!seen.contains(token));
        seen.insert(token);
        for (char c : token.sliced(6))
            characters.insert(c);
    }
    // 500 x 43 random base64url characters use (nearly) the whole alphabet of 64.
    QVERIFY2(characters.size() >= 60, QByteArray::number(characters.size()).constData());
}

void TestAccessToken::hashIsSha256Hex()
{
    QCOMPARE(AccessToken::hash("abc"),
             "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_ba);
    const QByteArray token = AccessToken::generate();
    const QByteArray stored = AccessToken::hash(token);
    QVERIFY(AccessToken::isValidHash(stored));
    QVERIFY(!stored.contains(token.sliced(6)));
    QCOMPARE(AccessToken::digestOf(stored),
             QCryptographicHash::hash(token, QCryptographicHash::Sha256));
}

void TestAccessToken::validHashes_data()
{
    QTest::addColumn<QByteArray>("hash");
    QTest::addColumn<bool>("valid");
    const QByteArray hex(64, 'a');
    QTest::newRow("ok") << QByteArray("sha256:" + hex) << true;
    QTest::newRow("upper hex") << QByteArray("sha256:" + hex.toUpper()) << true;
    QTest::newRow("no prefix") << hex << false;
    QTest::newRow("short") << QByteArray("sha256:" + hex.left(63)) << false;
    QTest::newRow("long") << QByteArray("sha256:" + hex + 'a') << false;
    QTest::newRow("non hex") << QByteArray("sha256:" + hex.left(63) + 'g') << false;
    QTest::newRow("other algorithm") << QByteArray("sha512:" + hex) << false;
    QTest::newRow("a token") << AccessToken::generate() << false;
}

void TestAccessToken::validHashes()
{
    QFETCH(QByteArray, hash);
    QFETCH(bool, valid);
    QCOMPARE(AccessToken::isValidHash(hash), valid);
    QCOMPARE(AccessToken::digestOf(hash).size(), valid ? 32 : 0);
}

void TestAccessToken::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << "abcdef"_ba
                          << "abcdef"_ba << true;
    QTest::newRow("empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("first byte") << "xbcdef"_ba
                                << "abcdef"_ba << false;
    QTest::newRow("last byte") << "abcdex"_ba
                               << "abcdef"_ba << false;
    QTest::newRow("prefix") << "abc"_ba
                            << "abcdef"_ba << false;
    QTest::newRow("high bit") << "\x80"_ba
                              << "\x00"_ba << false;
}

void TestAccessToken::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(AccessToken::constantTimeEquals(a, b), equal);
    QCOMPARE(AccessToken::constantTimeEquals(b, a), equal);
}

void TestAccessToken::authenticateFindsTheRightEntry()
{
    QList<QByteArray> tokens;
    QList<security::TokenEntry> entries;
    for (int i = 0; i < 5; ++i) {
        tokens.append(AccessToken::generate());
        security::TokenEntry entry;
        entry.name = u"t%1"_s.arg(i);
        entry.hash = AccessToken::hash(tokens.last());
        entries.append(entry);
    }
    const TokenRegistry registry(entries);
    for (int i = 0; i < 5; ++i) {
        const security::TokenEntry *entry = registry.authenticate(tokens.at(i));
        QVERIFY(entry);
        QCOMPARE(entry->name, u"t%1"_s.arg(i));
    }
    QVERIFY(!registry.isEmpty());
    QCOMPARE(registry.entries().size(), 5);
}

void TestAccessToken::authenticateRefuses_data()
{
    QTest::addColumn<QByteArray>("presented");
    const QByteArray token = QByteArray("sk-sy-") + QByteArray("fake").repeated(10) + "abc";
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("other token") << AccessToken::generate();
    QTest::newRow("truncated") << token.chopped(1);
    QTest::newRow("extended") << QByteArray(token + 'x');
    QTest::newRow("the hash itself") << AccessToken::hash(token);
    QTest::newRow("hex digest") << AccessToken::hash(token).sliced(7);
    QTest::newRow("upper case") << token.toUpper();
}

void TestAccessToken::authenticateRefuses()
{
    QFETCH(QByteArray, presented);
    const QByteArray token = QByteArray("sk-sy-") + QByteArray("fake").repeated(10) + "abc";
    security::TokenEntry good { u"good"_s, AccessToken::hash(token), {}, {}, {}, 0 };
    security::TokenEntry broken { u"broken"_s, "sha256:zz"_ba, {}, {}, {}, 0 };
    const TokenRegistry registry({ broken, good });
    QVERIFY(registry.authenticate(token)); // the control: the right token works
    QCOMPARE(registry.authenticate(presented), nullptr);
    QCOMPARE(TokenRegistry().authenticate(token), nullptr);
}

void TestAccessToken::scopes_data()
{
    QTest::addColumn<QStringList>("routes");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("unrestricted") << QStringList() << QStringList() << u"fast"_s << u"x"_s << true;
    QTest::newRow("unrestricted, no route")
        << QStringList() << QStringList() << QString() << u"openai/gpt-4o"_s << true;
    QTest::newRow("route listed") << QStringList { u"fast"_s, u"smart"_s } << QStringList()
                                  << u"smart"_s << u"smart"_s << true;
    QTest::newRow("route not listed")
        << QStringList { u"fast"_s } << QStringList() << u"smart"_s << u"smart"_s << false;
    QTest::newRow("routes set, no route")
        << QStringList { u"fast"_s } << QStringList() << QString() << u"openai/gpt-4o"_s << false;
    QTest::newRow("model listed") << QStringList() << QStringList { u"openai/gpt-4o"_s }
                                  << QString() << u"openai/gpt-4o"_s << true;
    QTest::newRow("model not listed") << QStringList() << QStringList { u"openai/gpt-4o"_s }
                                      << QString() << u"openai/gpt-4o-mini"_s << false;
    QTest::newRow("model prefix") << QStringList() << QStringList { u"ollama/*"_s } << QString()
                                  << u"ollama/llama3"_s << true;
    QTest::newRow("model prefix miss") << QStringList() << QStringList { u"ollama/*"_s }
                                       << QString() << u"openai/gpt-4o"_s << false;
    QTest::newRow("both must hold")
        << QStringList { u"fast"_s } << QStringList { u"a"_s } << u"fast"_s << u"b"_s << false;
    QTest::newRow("case matters") << QStringList { u"fast"_s } << QStringList() << u"FAST"_s
                                  << u"x"_s << false;
}

void TestAccessToken::scopes()
{
    QFETCH(QStringList, routes);
    QFETCH(QStringList, models);
    QFETCH(QString, route);
    QFETCH(QString, model);
    QFETCH(bool, allowed);
    security::TokenEntry entry;
    entry.allowedRoutes = routes;
    entry.allowedModels = models;
    QCOMPARE(TokenRegistry::allows(entry, route, model), allowed);
}

void TestAccessToken::fromHeaders_data()
{
    QTest::addColumn<base::HeaderList>("headers");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("bearer") << base::HeaderList { { "Authorization", "Bearer sk-sy-abc" } }
                            << "sk-sy-abc"_ba;
    QTest::newRow("bearer lower case")
        << base::HeaderList { { "authorization", "bearer t1" } } << "t1"_ba;
    QTest::newRow("bearer extra spaces")
        << base::HeaderList { { "Authorization", "Bearer   t1" } } << "t1"_ba;
    QTest::newRow("x-api-key") << base::HeaderList { { "X-Api-Key", "sk-sy-k" } } << "sk-sy-k"_ba;
    QTest::newRow("bearer wins") << base::HeaderList { { "x-api-key", "k" },
                                                       { "Authorization", "Bearer b" } }
                                 << "b"_ba;
    QTest::newRow("basic falls back to x-api-key")
        << base::HeaderList { { "Authorization", "Basic dTpw" }, { "x-api-key", "k" } } << "k"_ba;
    QTest::newRow("basic only") << base::HeaderList { { "Authorization", "Basic dTpw" } }
                                << QByteArray();
    QTest::newRow("bearer empty") << base::HeaderList { { "Authorization", "Bearer " } }
                                  << QByteArray();
    QTest::newRow("bearer two words")
        << base::HeaderList { { "Authorization", "Bearer a b" } } << QByteArray();
    QTest::newRow("bearerX") << base::HeaderList { { "Authorization", "BearerX t" } }
                             << QByteArray();
    QTest::newRow("none") << base::HeaderList { { "Host", "localhost" } } << QByteArray();
}

void TestAccessToken::fromHeaders()
{
    QFETCH(base::HeaderList, headers);
    QFETCH(QByteArray, token);
    QCOMPARE(AccessToken::fromHeaders(headers), token);
}

QTEST_GUILESS_MAIN(TestAccessToken)
#include "tst_access_token.moc"
