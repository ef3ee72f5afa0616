#include "config/ConfigLoader.h"
#include "routing/RequestFeatures.h"
#include "routing/RuleSet.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::routing;

using Headers = RequestFeatures::Headers;

class TestRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void features_data();
    void features();
    void headersAreCaseInsensitive();
    void maxTokens();
    void rules_data();
    void rules();
    void firstMatchingRuleWins();
    void falseConditionsMatchAbsence();

private:
    static QJsonObject parse(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object();
    }
    config::Config m_config;
};

void TestRules::initTestCase()
{
    // The rules from the design brief, in its order.
    const auto config = config::ConfigLoader::parse(R"({
      "providers": [{"name": "p", "kind": "openai", "base_url": "https://p.io/v1", "models": "discover"}],
      "routes": [
        {"model": "coder", "targets": ["p/a"]}, {"model": "long-context", "targets": ["p/b"]},
        {"model": "vision", "targets": ["p/c"]}, {"model": "coder-tools", "targets": ["p/d"]},
        {"model": "think", "targets": ["p/e"]}, {"model": "cheap", "targets": ["p/f"]},
        {"model": "search", "targets": ["p/g"]}, {"model": "strong", "targets": ["p/h"]}],
      "rules": [
        { "when": { "prompt_tokens_over": 60000 }, "route": "long-context" },
        { "when": { "has_images": true }, "route": "vision" },
        { "when": { "has_tools": true, "model": "coder" }, "route": "coder-tools" },
        { "when": { "reasoning": true }, "route": "think" },
        { "when": { "header": {"x-switchyard-route": "background"} }, "route": "cheap" },
        { "when": { "tool_named": "web_search" }, "route": "search" },
        { "when": { "last_user_matches": "(?i)\\b(refactor|architecture)\\b" }, "route": "strong" }
      ]})");
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_config = *config;
}

void TestRules::features_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("images");
    QTest::addColumn<QStringList>("tools");
    QTest::addColumn<bool>("reasoning");
    QTest::addColumn<QString>("lastUser");

    QTest::newRow("plain") << QByteArray(
        R"({"model": "m", "messages": [{"role": "user", "content": "hi"}]})")
                           << false << QStringList() << false << u"hi"_s;
    QTest::newRow("openai image part") << QByteArray(
        R"({"messages": [{"role": "user", "content": [{"type": "text", "text": "what is this"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}]})")
                                       << true << QStringList() << false << u"what is this"_s;
    QTest::newRow("anthropic image block") << QByteArray(
        R"({"messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "data": "AAAA"}}]}]})")
                                           << true << QStringList() << false << QString();
    QTest::newRow("image inside tool_result") << QByteArray(
        R"({"messages": [{"role": "user", "content": [{"type": "tool_result", "content": [{"type": "image", "source": {}}]}]}]})")
                                              << true << QStringList() << false << QString();
    QTest::newRow("last user message wins") << QByteArray(
        R"({"messages": [{"role": "user", "content": "first"}, {"role": "assistant", "content": "ok"},
            {"role": "user", "content": [{"type": "text", "text": "second"}, {"type": "text", "text": "part"}]}]})")
                                            << false << QStringList() << false << u"second\npart"_s;
    QTest::newRow("openai tools") << QByteArray(
        R"({"messages": [], "tools": [{"type": "function", "function": {"name": "read_file"}},
            {"type": "function", "function": {"name": "web_search"}}]})")
                                  << false << QStringList { u"read_file"_s, u"web_search"_s }
                                  << false << QString();
    QTest::newRow("anthropic tools") << QByteArray(
        R"({"messages": [], "tools": [{"name": "bash", "input_schema": {}}, {"type": "web_search_20250305", "name": "web_search"}]})")
                                     << false << QStringList { u"bash"_s, u"web_search"_s } << false
                                     << QString();
    QTest::newRow("built-in tool type")
        << QByteArray(R"({"tools": [{"type": "web_search_preview"}]})") << false
        << QStringList { u"web_search_preview"_s } << false << QString();
    QTest::newRow("legacy functions") << QByteArray(R"({"functions": [{"name": "f"}]})") << false
                                      << QStringList { u"f"_s } << false << QString();
    QTest::newRow("reasoning_effort") << QByteArray(R"({"reasoning_effort": "high"})") << false
                                      << QStringList() << true << QString();
    QTest::newRow("reasoning_effort none") << QByteArray(R"({"reasoning_effort": "none"})") << false
                                           << QStringList() << false << QString();
    QTest::newRow("anthropic thinking")
        << QByteArray(R"({"thinking": {"type": "enabled", "budget_tokens": 2048}})") << false
        << QStringList() << true << QString();
    QTest::newRow("thinking disabled") << QByteArray(R"({"thinking": {"type": "disabled"}})")
                                       << false << QStringList() << false << QString();
    QTest::newRow("reasoning object") << QByteArray(R"({"reasoning": {"effort": "medium"}})")
                                      << false << QStringList() << true << QString();
    QTest::newRow("reasoning disabled") << QByteArray(R"({"reasoning": {"enabled": false}})")
                                        << false << QStringList() << false << QString();
}

void TestRules::features()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, images);
    QFETCH(QStringList, tools);
    QFETCH(bool, reasoning);
    QFETCH(QString, lastUser);
    const RequestFeatures f = RequestFeatures::fromRequest(parse(body), {});
    QCOMPARE(f.hasImages, images);
    QCOMPARE(f.hasTools, !tools.isEmpty());
    QCOMPARE(f.toolNames, tools);
    QCOMPARE(f.reasoning, reasoning);
    QCOMPARE(f.lastUserText, lastUser);
}

void TestRules::headersAreCaseInsensitive()
{
    const RequestFeatures f = RequestFeatures::fromRequest(
        {},
        Headers { { "Content-Type", "application/json" }, { "X-Switchyard-Route", "background" } });
    QCOMPARE(f.header("x-switchyard-route"), QByteArray("background"));
    QCOMPARE(f.header("CONTENT-TYPE"), QByteArray("application/json"));
    QVERIFY(f.header("x-missing").isEmpty());
}

void TestRules::maxTokens()
{
    QCOMPARE(RequestFeatures::fromRequest(parse(R"({"max_tokens": 100})"), {}).maxOutputTokens,
             100);
    QCOMPARE(RequestFeatures::fromRequest(
                 parse(R"({"max_completion_tokens": 50, "max_tokens": 100})"), {})
                 .maxOutputTokens,
             50);
    QCOMPARE(RequestFeatures::fromRequest(parse(R"({"stream": true})"), {}).maxOutputTokens, 0);
    QVERIFY(RequestFeatures::fromRequest(parse(R"({"stream": true})"), {}).stream);
}

void TestRules::rules_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("reason");

    const QString huge = QString(u"lorem ipsum dolor sit amet "_s).repeated(20'000);
    const QByteArray longBody = R"({"model": "coder", "messages": [{"role": "user", "content": ")"
        + huge.toUtf8() + R"("}]})";
    QTest::newRow("nothing matches") << QByteArray(
        R"({"model": "coder", "messages": [{"role": "user", "content": "write a test"}]})")
                                     << Headers() << QString() << QString();
    QTest::newRow("prompt_tokens_over")
        << longBody << Headers() << u"long-context"_s << u"rule 1: ~"_s;
    QTest::newRow("prompt_tokens_over not reached")
        << QByteArray(R"({"model": "x", "messages": [{"role": "user", "content": "short"}]})")
        << Headers() << QString() << QString();
    QTest::newRow("has_images") << QByteArray(
        R"({"model": "x", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u"}}]}]})")
                                << Headers() << u"vision"_s << u"rule 2: has_images"_s;
    QTest::newRow("has_tools and model") << QByteArray(
        R"({"model": "coder", "messages": [], "tools": [{"type": "function", "function": {"name": "edit"}}]})")
                                         << Headers() << u"coder-tools"_s
                                         << u"rule 3: has_tools, model=coder"_s;
    QTest::newRow("has_tools but other model") << QByteArray(
        R"({"model": "chat", "messages": [], "tools": [{"type": "function", "function": {"name": "edit"}}]})")
                                               << Headers() << QString() << QString();
    QTest::newRow("model but no tools") << QByteArray(R"({"model": "coder", "messages": []})")
                                        << Headers() << QString() << QString();
    QTest::newRow("reasoning") << QByteArray(R"({"model": "x", "reasoning_effort": "high"})")
                               << Headers() << u"think"_s << u"rule 4: reasoning"_s;
    QTest::newRow("header") << QByteArray(R"({"model": "x"})")
                            << Headers { { "X-Switchyard-Route", "Background" } } << u"cheap"_s
                            << u"rule 5: header x-switchyard-route: background"_s;
    QTest::newRow("header other value")
        << QByteArray(R"({"model": "x"})") << Headers { { "x-switchyard-route", "foreground" } }
        << QString() << QString();
    QTest::newRow("tool_named") << QByteArray(
        R"({"model": "x", "tools": [{"type": "function", "function": {"name": "web_search"}}]})")
                                << Headers() << u"search"_s << u"rule 6: tool_named web_search"_s;
    QTest::newRow("tool_named other tool") << QByteArray(
        R"({"model": "x", "tools": [{"type": "function", "function": {"name": "web_fetch"}}]})")
                                           << Headers() << QString() << QString();
    QTest::newRow("last_user_matches") << QByteArray(
        R"({"model": "x", "messages": [{"role": "user", "content": "Please REFACTOR this"}]})")
                                       << Headers() << u"strong"_s
                                       << u"rule 7: last_user_matches"_s;
    QTest::newRow("last_user_matches needs word boundary")
        << QByteArray(R"({"model": "x", "messages": [{"role": "user", "content": "refactoring"}]})")
        << Headers() << QString() << QString();
    QTest::newRow("only the last user message") << QByteArray(
        R"({"model": "x", "messages": [{"role": "user", "content": "refactor"}, {"role": "user", "content": "thanks"}]})")
                                                << Headers() << QString() << QString();
}

void TestRules::rules()
{
    QFETCH(QByteArray, body);
    QFETCH(Headers, headers);
    QFETCH(QString, route);
    QFETCH(QString, reason);
    const RuleSet rules(m_config.rules);
    QCOMPARE(rules.size(), 7);
    const auto match = rules.match(RequestFeatures::fromRequest(parse(body), headers));
    QCOMPARE(match.has_value(), !route.isEmpty());
    if (match) {
        QCOMPARE(match->route, route);
        QVERIFY2(match->reason.startsWith(reason), qPrintable(match->reason));
    }
}

void TestRules::firstMatchingRuleWins()
{
    // Images and reasoning both hold: rule 2 comes before rule 4.
    const RuleSet rules(m_config.rules);
    const auto match = rules.match(RequestFeatures::fromRequest(
        parse(R"({"model": "coder", "reasoning_effort": "low", "tools": [{"name": "web_search"}],
                  "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u"}}]}]})"),
        {}));
    QVERIFY(match);
    QCOMPARE(match->route, u"vision"_s);
    QCOMPARE(match->index, 1);
}

void TestRules::falseConditionsMatchAbsence()
{
    config::RuleConfig rule;
    rule.when.hasImages = false;
    rule.when.hasTools = true;
    rule.route = u"text-tools"_s;
    const RuleSet rules({ rule });
    const auto withTools = RequestFeatures::fromRequest(parse(R"({"tools": [{"name": "t"}]})"), {});
    QVERIFY(rules.match(withTools));
    QCOMPARE(rules.match(withTools)->reason, u"rule 1: has_images=false, has_tools"_s);
    const auto withImage = RequestFeatures::fromRequest(
        parse(
            R"({"tools": [{"name": "t"}], "messages": [{"role": "user", "content": [{"type": "image"}]}]})"),
        {});
    QVERIFY(!rules.match(withImage));
}

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
