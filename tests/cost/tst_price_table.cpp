#include "cost/PriceResources.h"
#include "cost/PriceTable.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using switchyard::cost::Price;
using switchyard::cost::PriceSource;
using switchyard::cost::PriceTable;

class TestPriceTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bundledTableLoads();
    void licenceResourcePresent();
    void find_data();
    void find();
    void limitsAndCacheRates();
    void tiersAreParsed_data();
    void tiersAreParsed();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void fromJsonCustomTable();

private:
    PriceTable m_table;
};

void TestPriceTable::initTestCase()
{
    auto table = PriceTable::loadBundled();
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
    m_table = std::move(table).value();
}

void TestPriceTable::bundledTableLoads()
{
    QVERIFY2(m_table.size() >= 60, qPrintable(QString::number(m_table.size())));
    QVERIFY(m_table.version().startsWith(u"litellm-"_s));
    QVERIFY(m_table.version().size() > u"litellm-"_s.size());
}

void TestPriceTable::licenceResourcePresent()
{
    switchyard::cost::ensurePriceResources();
    QFile licence(switchyard::cost::bundledPricesLicensePath());
    QVERIFY(licence.open(QIODevice::ReadOnly));
    const QByteArray text = licence.readAll();
    QVERIFY(text.contains("MIT License"));
    QVERIFY(text.contains("Copyright (c) 2023 Berri AI"));
    QVERIFY(text.contains("THE SOFTWARE IS PROVIDED \"AS IS\""));
}

void TestPriceTable::find_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expectedKey"); // empty: no price
    QTest::addColumn<double>("expectedInput");

    QTest::newRow("openai exact") << u"openai"_s << u"openai"_s << u"gpt-4o"_s << u"gpt-4o"_s
                                  << 2.5e-06;
    QTest::newRow("case-insensitive")
        << u"openai"_s << u"openai"_s << u"GPT-4o-Mini"_s << u"gpt-4o-mini"_s << 1.5e-07;
    QTest::newRow("provider-prefixed")
        << u"openai"_s << u"openai"_s << u"openai/gpt-4o"_s << u"gpt-4o"_s << 2.5e-06;
    QTest::newRow("dated exact entry wins")
        << u"openai"_s << u"openai"_s << u"gpt-4o-2024-05-13"_s << u"gpt-4o-2024-05-13"_s << 5e-06;
    QTest::newRow("dated snapshot stripped")
        << u"openai"_s << u"openai"_s << u"gpt-4.1-nano-2025-04-14"_s << u"gpt-4.1-nano"_s << 1e-07;
    QTest::newRow("unknown future snapshot")
        << u"openai"_s << u"openai"_s << u"gpt-4o-mini-2099-01-01"_s << u"gpt-4o-mini"_s << 1.5e-07;
    QTest::newRow("anthropic compact date")
        << u"anthropic"_s << u"anthropic"_s << u"claude-haiku-4-5-20991231"_s
        << u"claude-haiku-4-5"_s << 1e-06;
    QTest::newRow("anthropic -latest")
        << u"anthropic"_s << u"anthropic"_s << u"claude-3-7-sonnet-latest"_s
        << u"claude-3-7-sonnet-20250219"_s << 3e-06;
    QTest::newRow("anthropic undated family")
        << u"anthropic"_s << u"anthropic"_s << u"claude-opus-4"_s << u"claude-opus-4-20250514"_s
        << 1.5e-05;
    QTest::newRow("anthropic dated exact")
        << u"anthropic"_s << u"anthropic"_s << u"claude-sonnet-4-5-20250929"_s
        << u"claude-sonnet-4-5-20250929"_s << 3e-06;
    QTest::newRow("anthropic prefixed")
        << u"anthropic"_s << u"anthropic"_s << u"anthropic/claude-opus-4-1"_s
        << u"claude-opus-4-1"_s << 1.5e-05;
    QTest::newRow("deepseek preset") << u"openai"_s << u"deepseek"_s << u"deepseek-chat"_s
                                     << u"deepseek/deepseek-chat"_s << 2.8e-07;
    QTest::newRow("groq nested name") << u"openai"_s << u"groq"_s << u"openai/gpt-oss-120b"_s
                                      << u"groq/openai/gpt-oss-120b"_s << 1.5e-07;
    QTest::newRow("gemini models/ name") << u"openai"_s << u"gemini"_s << u"models/gemini-2.5-pro"_s
                                         << u"gemini/gemini-2.5-pro"_s << 1.25e-06;
    QTest::newRow("mistral -latest entry")
        << u"openai"_s << u"mistral"_s << u"mistral-large-latest"_s
        << u"mistral/mistral-large-latest"_s << 5e-07;
    QTest::newRow("xai") << u"openai"_s << u"xai"_s << u"grok-4"_s << u"xai/grok-4"_s << 3e-06;
    QTest::newRow("openrouter own entry")
        << u"openai"_s << u"openrouter"_s << u"anthropic/claude-sonnet-4.5"_s
        << u"openrouter/anthropic/claude-sonnet-4.5"_s << 3e-06;
    QTest::newRow("openrouter own openai entry")
        << u"openai"_s << u"openrouter"_s << u"openai/gpt-4o"_s << u"openrouter/openai/gpt-4o"_s
        << 2.5e-06;
    QTest::newRow("openrouter falls back to vendor")
        << u"openai"_s << u"openrouter"_s << u"anthropic/claude-opus-4-1"_s << u"claude-opus-4-1"_s
        << 1.5e-05;
    QTest::newRow("kind without preset")
        << u"openai"_s << QString() << u"gpt-4.1"_s << u"gpt-4.1"_s << 2e-06;
    QTest::newRow("embedding") << u"openai"_s << u"openai"_s << u"text-embedding-3-small"_s
                               << u"text-embedding-3-small"_s << 2e-08;
    QTest::newRow("unknown model")
        << u"openai"_s << u"openai"_s << u"no-such-model"_s << QString() << 0.0;
    QTest::newRow("empty model") << u"openai"_s << u"openai"_s << QString() << QString() << 0.0;
    QTest::newRow("local preset") << u"ollama"_s << u"ollama"_s << u"gpt-4o"_s << QString() << 0.0;
    QTest::newRow("no cross-provider guess")
        << u"anthropic"_s << u"anthropic"_s << u"gpt-4o"_s << QString() << 0.0;
}

void TestPriceTable::find()
{
    QFETCH(QString, kind);
    QFETCH(QString, preset);
    QFETCH(QString, model);
    QFETCH(QString, expectedKey);
    QFETCH(double, expectedInput);

    const std::optional<Price> price
        = m_table.find(switchyard::config::parseProviderKind(kind).value(), preset, model);
    if (expectedKey.isEmpty()) {
        QVERIFY2(!price, qPrintable(price ? price->key : QString()));
        return;
    }
    QVERIFY(price);
    QCOMPARE(price->key, expectedKey);
    QCOMPARE(price->input, expectedInput);
    QCOMPARE(price->source, PriceSource::Bundled);
}

void TestPriceTable::limitsAndCacheRates()
{
    const auto gpt = m_table.findKey(u"gpt-4o"_s);
    QVERIFY(gpt);
    QCOMPARE(gpt->output, 1e-05);
    QCOMPARE(gpt->cacheRead, std::optional<double>(1.25e-06));
    QCOMPARE(gpt->cacheWrite, std::optional<double>());
    QCOMPARE(gpt->contextWindow, qint64(128000));
    QCOMPARE(gpt->maxOutput, qint64(16384));

    const auto claude = m_table.findKey(u"claude-haiku-4-5"_s);
    QVERIFY(claude);
    QCOMPARE(claude->cacheRead, std::optional<double>(1e-07));
    QCOMPARE(claude->cacheWrite, std::optional<double>(1.25e-06));

    // DeepSeek's input_cost_per_token_cache_hit became the cache-read rate.
    const auto r1 = m_table.findKey(u"deepseek/deepseek-r1"_s);
    QVERIFY(r1);
    QCOMPARE(r1->cacheRead, std::optional<double>(1.4e-07));

    // Embeddings have no output price.
    const auto embed = m_table.findKey(u"mistral/mistral-embed"_s);
    QVERIFY(embed);
    QCOMPARE(embed->output, 0.0);
    QCOMPARE(embed->input, 1e-07);
}

void TestPriceTable::tiersAreParsed_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<qint64>("threshold");
    QTest::addColumn<double>("tierInput");
    QTest::addColumn<double>("tierOutput");

    QTest::newRow("anthropic 200k")
        << u"claude-sonnet-4-5"_s << qint64(200000) << 6e-06 << 2.25e-05;
    QTest::newRow("gemini 200k") << u"gemini/gemini-2.5-pro"_s << qint64(200000) << 2.5e-06
                                 << 1.5e-05;
    QTest::newRow("xai 128k") << u"xai/grok-4-0709"_s << qint64(128000) << 6e-06 << 3e-05;
    QTest::newRow("openai 272k") << u"gpt-5.5"_s << qint64(272000) << 1e-05 << 4.5e-05;
}

void TestPriceTable::tiersAreParsed()
{
    QFETCH(QString, key);
    QFETCH(qint64, threshold);
    QFETCH(double, tierInput);
    QFETCH(double, tierOutput);

    const auto price = m_table.findKey(key);
    QVERIFY(price);
    QCOMPARE(price->tiers.size(), qsizetype(1));
    QCOMPARE(price->tiers.first().thresholdTokens, threshold);
    QCOMPARE(price->tiers.first().input, std::optional<double>(tierInput));
    QCOMPARE(price->tiers.first().output, std::optional<double>(tierOutput));
    QVERIFY(!price->tierFor(threshold));
    QVERIFY(price->tierFor(threshold + 1));
}

void TestPriceTable::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("not json") << "{"_ba << u"not valid JSON"_s;
    QTest::newRow("array") << "[]"_ba << u"top level"_s;
    QTest::newRow("no version") << R"({"models": {}})"_ba << u"version"_s;
    QTest::newRow("models not object") << R"({"version": "v", "models": []})"_ba << u"models"_s;
    QTest::newRow("missing input")
        << R"({"version": "v", "models": {"m": {"output_cost_per_token": 1}}})"_ba
        << u"m: input_cost_per_token"_s;
    QTest::newRow("negative rate")
        << R"({"version": "v", "models": {"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": -1}}})"_ba
        << u"m: rates"_s;
    QTest::newRow("tier without threshold")
        << R"({"version": "v", "models": {"m": {"input_cost_per_token": 1e-6, "tiers": [{"input_cost_per_token": 2e-6}]}}})"_ba
        << u"threshold_tokens"_s;
}

void TestPriceTable::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, messagePart);

    const auto table = PriceTable::fromJson(json);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().code, switchyard::ErrorCode::InvalidArgument);
    QVERIFY2(table.error().message.contains(messagePart), qPrintable(table.error().message));
}

void TestPriceTable::fromJsonCustomTable()
{
    const QByteArray json = R"({"version": "test-1", "models": {
        "acme/Big-Model": {"litellm_provider": "acme", "mode": "chat",
                           "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                           "max_input_tokens": 1000.0}}})"_ba;
    const auto table = PriceTable::fromJson(json);
    QVERIFY(table.ok());
    QCOMPARE(table->version(), u"test-1"_s);
    QCOMPARE(table->size(), qsizetype(1));
    const auto price = table->findKey(u"ACME/big-model"_s);
    QVERIFY(price);
    QCOMPARE(price->key, u"acme/Big-Model"_s);
    QCOMPARE(price->contextWindow, qint64(1000));
    QCOMPARE(price->output, 2e-06);
    // A vendor-prefixed name finds the vendor's entry even without a matching preset.
    QVERIFY(table->find(switchyard::config::ProviderKind::OpenAi, QString(), u"acme/big-model"_s));
}

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_price_table.moc"
