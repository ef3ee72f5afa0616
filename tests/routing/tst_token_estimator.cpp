#include "routing/TokenEstimator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace switchyard::routing;

class TestTokenEstimator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownCounts_data();
    void knownCounts();
    void chatRequestAddsFraming();
    void imagesCountAsImagesNotBase64();
    void toolsAndSystemCount();
    void completionsPrompt();
};

void TestTokenEstimator::knownCounts_data()
{
    // Reference counts: OpenAI's cl100k_base encoding as js-tiktoken 1.0.21 (npm) computes
    // them; o200k_base agrees on the English and code rows. Tolerance: 15 % or 3 tokens.
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("tokens");
    QTest::newRow("hello world") << u"Hello, world!"_s << 4;
    QTest::newRow("pangram") << u"The quick brown fox jumps over the lazy dog."_s << 10;
    QTest::newRow("cookbook") << u"tiktoken is great!"_s << 6;
    QTest::newRow("long rare word") << u"antidisestablishmentarianism"_s << 6;
    QTest::newRow("digits and spaces") << u"2 + 2 = 4"_s << 7;
    QTest::newRow("japanese") << u"お誕生日おめでとう"_s << 9;
    QTest::newRow("chinese") << u"你好，世界！今天天气很好。"_s << 16;
    QTest::newRow("russian") << u"Привет, как у тебя дела сегодня?"_s << 16;
    QTest::newRow("contractions")
        << u"I'm sure you'll find that it's not what we'd expected, isn't it?"_s << 19;
    QTest::newRow("numbers and dates")
        << u"The transaction ID 4829301756 was processed on 2024-03-15 at 14:32:07 UTC for $1,249.99."_s
        << 34;
    QTest::newRow("prose sentence")
        << u"Please refactor the authentication module so that the session tokens are rotated every fifteen minutes and stored in an encrypted cookie."_s
        << 22;
    QTest::newRow("python")
        << u"def fibonacci(n):\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n"_s
        << 30;
    QTest::newRow("c loop")
        << u"for (int i = 0; i < count; ++i) {\n    total += values[i] * weights[i];\n}\n"_s << 27;
    QTest::newRow("json schema")
        << u"{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}}"_s
        << 38;
    QTest::newRow("paragraph")
        << u"Switchyard sits between your editor and the models it talks to. When a request arrives, the gateway estimates how large the prompt is, checks which providers are healthy, and picks the cheapest or fastest target that can still answer. If the local server is busy or has crashed, the request quietly moves on to the next provider in the route, and the response headers tell you where it really went. Nothing about this requires the client to change: it keeps sending the same model name it always did."_s
        << 99;
    QTest::newRow("c++ function")
        << u"QList<RouteCandidate> StrategyOrder::order(Strategy strategy, const QString &route)\n{\n    if (candidates.isEmpty())\n        return candidates;\n    switch (strategy) {\n    case Strategy::Fallback:\n        for (auto &c : candidates)\n            c.reason = u\"listed\"_s;\n        break;\n    }\n    return candidates;\n}\n"_s
        << 70;
    QTest::newRow("empty") << QString() << 0;
}

void TestTokenEstimator::knownCounts()
{
    QFETCH(QString, text);
    QFETCH(int, tokens);
    const qint64 estimate = TokenEstimator::estimateText(text);
    const double tolerance = std::max(3.0, 0.15 * tokens);
    QVERIFY2(std::abs(double(estimate - tokens)) <= tolerance,
             qPrintable(u"estimated %1, real %2"_s.arg(estimate).arg(tokens)));
}

void TestTokenEstimator::chatRequestAddsFraming()
{
    const QJsonObject request {
        { u"messages"_s,
          QJsonArray { QJsonObject { { u"role"_s, u"system"_s },
                                     { u"content"_s, u"You are a helpful assistant."_s } },
                       QJsonObject { { u"role"_s, u"user"_s },
                                     { u"content"_s,
                                       QJsonArray { QJsonObject {
                                           { u"type"_s, u"text"_s },
                                           { u"text"_s, u"Hello, world!"_s } } } } } } }
    };
    const qint64 text = TokenEstimator::estimateText(u"You are a helpful assistant."_s)
        + TokenEstimator::estimateText(u"Hello, world!"_s);
    QCOMPARE(TokenEstimator::estimateRequest(request),
             text + 2 * TokenEstimator::perMessageTokens + TokenEstimator::replyPrimingTokens);
}

void TestTokenEstimator::imagesCountAsImagesNotBase64()
{
    const QString dataUrl = u"data:image/png;base64,"_s + QString(200'000, u'A');
    const QJsonObject request {
        { u"messages"_s,
          QJsonArray { QJsonObject {
              { u"role"_s, u"user"_s },
              { u"content"_s,
                QJsonArray {
                    QJsonObject { { u"type"_s, u"image_url"_s },
                                  { u"image_url"_s, QJsonObject { { u"url"_s, dataUrl } } } },
                    QJsonObject {
                        { u"type"_s, u"image"_s },
                        { u"source"_s, QJsonObject { { u"data"_s, dataUrl } } } } } } } } }
    };
    QCOMPARE(TokenEstimator::estimateRequest(request),
             2 * TokenEstimator::imageTokens + TokenEstimator::perMessageTokens
                 + TokenEstimator::replyPrimingTokens);
}

void TestTokenEstimator::toolsAndSystemCount()
{
    const QJsonObject tool { { u"type"_s, u"function"_s },
                             { u"function"_s, QJsonObject { { u"name"_s, u"get_weather"_s } } } };
    const QJsonObject withTools { { u"system"_s, u"Be brief."_s },
                                  { u"tools"_s, QJsonArray { tool } } };
    const qint64 toolText = TokenEstimator::estimateText(
        QString::fromUtf8(QJsonDocument(QJsonArray { tool }).toJson(QJsonDocument::Compact)));
    QCOMPARE(TokenEstimator::estimateRequest(withTools),
             TokenEstimator::estimateText(u"Be brief."_s) + toolText);
}

void TestTokenEstimator::completionsPrompt()
{
    QCOMPARE(TokenEstimator::estimateRequest({ { u"prompt"_s, u"Hello, world!"_s } }), 4);
    QCOMPARE(TokenEstimator::estimateRequest({ { u"prompt"_s, QJsonArray { 1, 2, 3, 4, 5 } } }), 5);
    QCOMPARE(TokenEstimator::estimateRequest({ { u"input"_s, QJsonArray { u"Hello, world!"_s } } }),
             4);
}

QTEST_GUILESS_MAIN(TestTokenEstimator)
#include "tst_token_estimator.moc"
