#pragma once

#include "base/Result.h"
#include "config/ProviderKind.h"
#include "cost/Price.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace switchyard::cost {

/// The model price table: LiteLLM's data filtered into resources/prices/prices.json. A value
/// type; load it once and share it read-only.
class PriceTable final
{
public:
    PriceTable() = default;

    /// The table compiled into the gateway library.
    static Result<PriceTable> loadBundled();
    /// A table in the prices.json format (tests, or a user-supplied refresh).
    static Result<PriceTable> fromJson(const QByteArray &json);
    static Result<PriceTable> fromFile(const QString &path);

    /// The "version" of the file, e.g. "litellm-00035b69f416-2026-11-23".
    QString version() const { return m_version; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    /// The price of \a model as a provider of \a providerKind / \a providerPreset calls it.
    /// Case-insensitive; tries the exact name within the preset's LiteLLM provider, then
    /// without a dated or "-latest" suffix, then the newest dated snapshot of the name, then
    /// (for "vendor/model" names as OpenRouter uses them) the vendor's own entry.
    std::optional<Price> find(config::ProviderKind providerKind, const QString &providerPreset,
                              const QString &model) const;
    /// The entry stored under exactly \a key (case-insensitive), e.g. "gemini/gemini-2.5-pro".
    std::optional<Price> findKey(const QString &key) const;

    /// LiteLLM's provider name for a Switchyard provider; empty when it has none (local ones).
    static QString litellmProvider(config::ProviderKind providerKind,
                                   const QString &providerPreset);

private:
    std::optional<qsizetype> lookup(const QString &provider, const QString &name) const;
    std::optional<qsizetype> lookupExact(const QString &provider, const QString &name) const;
    std::optional<qsizetype> newestSnapshot(const QString &provider, const QString &base) const;

    QString m_version;
    QList<Price> m_entries;
    QHash<QString, qsizetype> m_byKey; ///< lower-case upstream key
    /// provider -> lower-case key without its "provider/" prefix
    QHash<QString, QHash<QString, qsizetype>> m_byProvider;
};

} // namespace switchyard::cost
