#include "PriceTable.h"

#include "cost/PriceResources.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchyard::cost {

namespace {

Error invalid(const QString &what)
{
    return Error { ErrorCode::InvalidArgument, u"price table: "_s + what };
}

// A rate must be a finite number >= 0; absent is fine.
bool readRate(const QJsonObject &o, const QString &field, std::optional<double> &out)
{
    const QJsonValue v = o.value(field);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0)
        return false;
    out = v.toDouble();
    return true;
}

qint64 readLimit(const QJsonObject &o, const QString &field)
{
    const double d = o.value(field).toDouble(0);
    return d > 0 && std::isfinite(d) ? static_cast<qint64>(d) : 0;
}

// "-2024-07-18" (OpenAI) or "-20241022" (Anthropic) at the end of a model name.
const QRegularExpression &dateSuffix()
{
    static const QRegularExpression re(u"-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$"_s);
    return re;
}

const QRegularExpression &dateOnly()
{
    static const QRegularExpression re(u"^(\\d{4}-\\d{2}-\\d{2}|\\d{8})$"_s);
    return re;
}

Result<Price> parseEntry(const QString &key, const QJsonObject &o)
{
    Price price;
    price.key = key;
    price.source = PriceSource::Bundled;
    std::optional<double> input;
    std::optional<double> output;
    if (!readRate(o, u"input_cost_per_token"_s, input) || !input)
        return invalid(key + u": input_cost_per_token must be a number >= 0"_s);
    if (!readRate(o, u"output_cost_per_token"_s, output)
        || !readRate(o, u"cache_read_input_token_cost"_s, price.cacheRead)
        || !readRate(o, u"cache_creation_input_token_cost"_s, price.cacheWrite))
        return invalid(key + u": rates must be numbers >= 0"_s);
    price.input = *input;
    price.output = output.value_or(0); // embeddings have no output tokens
    price.contextWindow = readLimit(o, u"max_input_tokens"_s);
    price.maxOutput = readLimit(o, u"max_output_tokens"_s);

    const QJsonArray tiers = o.value(u"tiers"_s).toArray();
    for (const QJsonValue &tv : tiers) {
        const QJsonObject t = tv.toObject();
        PriceTier tier;
        tier.thresholdTokens = readLimit(t, u"threshold_tokens"_s);
        if (tier.thresholdTokens <= 0)
            return invalid(key + u": a tier needs threshold_tokens > 0"_s);
        if (!readRate(t, u"input_cost_per_token"_s, tier.input)
            || !readRate(t, u"output_cost_per_token"_s, tier.output)
            || !readRate(t, u"cache_read_input_token_cost"_s, tier.cacheRead)
            || !readRate(t, u"cache_creation_input_token_cost"_s, tier.cacheWrite))
            return invalid(key + u": tier rates must be numbers >= 0"_s);
        price.tiers.append(tier);
    }
    std::sort(price.tiers.begin(), price.tiers.end(), [](const PriceTier &a, const PriceTier &b) {
        return a.thresholdTokens < b.thresholdTokens;
    });
    return price;
}

} // namespace

Result<PriceTable> PriceTable::loadBundled()
{
    ensurePriceResources();
    return fromFile(bundledPricesPath());
}

Result<PriceTable> PriceTable::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorCode::NotFound,
                       u"price table: cannot open %1: %2"_s.arg(path, file.errorString()) };
    return fromJson(file.readAll());
}

Result<PriceTable> PriceTable::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(u"not valid JSON: "_s + parseError.errorString());
    if (!doc.isObject())
        return invalid(u"the top level must be an object"_s);
    const QJsonObject root = doc.object();

    PriceTable table;
    table.m_version = root.value(u"version"_s).toString();
    if (table.m_version.trimmed().isEmpty())
        return invalid(u"\"version\" must be a non-empty string"_s);
    const QJsonValue models = root.value(u"models"_s);
    if (!models.isObject())
        return invalid(u"\"models\" must be an object"_s);

    const QJsonObject entries = models.toObject();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        Result<Price> price = parseEntry(it.key(), o);
        if (!price)
            return price.error();
        const QString lowerKey = it.key().toLower();
        const QString provider = o.value(u"litellm_provider"_s).toString().toLower();
        QString name = lowerKey;
        if (!provider.isEmpty() && name.startsWith(provider + u'/'))
            name = name.mid(provider.size() + 1);
        const qsizetype index = table.m_entries.size();
        table.m_entries.append(std::move(price).value());
        table.m_byKey.insert(lowerKey, index);
        table.m_byProvider[provider].insert(name, index);
    }
    return table;
}

QString PriceTable::litellmProvider(config::ProviderKind providerKind,
                                    const QString &providerPreset)
{
    const QString preset = providerPreset.toLower();
    if (!preset.isEmpty()) {
        static const QStringList same {
            u"openai"_s,  u"anthropic"_s, u"deepseek"_s, u"groq"_s,
            u"mistral"_s, u"gemini"_s,    u"xai"_s,      u"openrouter"_s
        };
        if (same.contains(preset))
            return preset;
        if (preset == u"together"_s)
            return u"together_ai"_s;
        if (preset == u"fireworks"_s)
            return u"fireworks_ai"_s;
        return {}; // local presets: ollama, lmstudio, llamacpp, vllm, llm-d
    }
    // Without a preset the kind is the best guess: a custom OpenAI-compatible endpoint serving
    // "gpt-4o" is most likely OpenAI's model behind a proxy.
    switch (providerKind) {
    case config::ProviderKind::OpenAi:
        return u"openai"_s;
    case config::ProviderKind::Anthropic:
        return u"anthropic"_s;
    case config::ProviderKind::Ollama:
        break;
    }
    return {};
}

std::optional<Price> PriceTable::findKey(const QString &key) const
{
    const auto it = m_byKey.constFind(key.trimmed().toLower());
    if (it == m_byKey.constEnd())
        return std::nullopt;
    return m_entries.at(it.value());
}

std::optional<Price> PriceTable::find(config::ProviderKind providerKind,
                                      const QString &providerPreset, const QString &model) const
{
    const QString m = model.trimmed().toLower();
    if (m.isEmpty())
        return std::nullopt;
    const QString provider = litellmProvider(providerKind, providerPreset);
    if (!provider.isEmpty()) {
        QString name = m;
        if (name.startsWith(provider + u'/'))
            name = name.mid(provider.size() + 1);
        if (const auto index = lookup(provider, name))
            return m_entries.at(*index);
    }
    // "anthropic/claude-sonnet-4-5" through a router that is not in the table for that model:
    // routers pass the vendor's price through, so the vendor's entry is the best estimate.
    const qsizetype slash = m.indexOf(u'/');
    if (slash > 0) {
        const QString vendor = m.left(slash);
        if (vendor != provider && m_byProvider.contains(vendor)) {
            if (const auto index = lookup(vendor, m.mid(slash + 1)))
                return m_entries.at(*index);
        }
    }
    return std::nullopt;
}

std::optional<qsizetype> PriceTable::lookupExact(const QString &provider, const QString &name) const
{
    const auto providerIt = m_byProvider.constFind(provider);
    if (providerIt == m_byProvider.constEnd())
        return std::nullopt;
    const auto it = providerIt->constFind(name);
    if (it == providerIt->constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<qsizetype> PriceTable::newestSnapshot(const QString &provider,
                                                    const QString &base) const
{
    const auto providerIt = m_byProvider.constFind(provider);
    if (providerIt == m_byProvider.constEnd())
        return std::nullopt;
    const QString prefix = base + u'-';
    QString best;
    std::optional<qsizetype> bestIndex;
    for (auto it = providerIt->constBegin(); it != providerIt->constEnd(); ++it) {
        if (!it.key().startsWith(prefix)
            || !dateOnly().match(it.key().mid(prefix.size())).hasMatch())
            continue;
        // Both date formats sort chronologically as strings within one model family.
        if (!bestIndex || it.key() > best) {
            best = it.key();
            bestIndex = it.value();
        }
    }
    return bestIndex;
}

std::optional<qsizetype> PriceTable::lookup(const QString &provider, const QString &name) const
{
    QString n = name;
    if (n.startsWith(u"models/"_s)) // Gemini lists its models as "models/gemini-…"
        n = n.mid(7);
    if (const auto exact = lookupExact(provider, n))
        return exact;

    QString base = n;
    base.remove(dateSuffix());
    if (base == n && n.endsWith(u"-latest"_s))
        base.chop(7);
    if (base != n) {
        if (const auto undated = lookupExact(provider, base))
            return undated;
    }
    // "claude-3-7-sonnet-latest" or "claude-opus-4": the newest dated entry of the family.
    return newestSnapshot(provider, base);
}

} // namespace switchyard::cost
