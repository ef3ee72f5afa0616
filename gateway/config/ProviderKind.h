#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace switchyard::config {

/// The protocol a provider speaks: config.json's "kind", parsed once when the config is loaded.
enum class ProviderKind {
    OpenAi, ///< "openai": OpenAI-compatible servers (OpenAI, Groq, vLLM, llama.cpp, LM Studio…)
    Anthropic, ///< "anthropic": Anthropic Messages
    Ollama, ///< "ollama": Ollama's native API
};

// Not called toString(): QTest finds toString() by argument-dependent lookup and expects a
// char *, so a QString-returning overload here would break QCOMPARE on ProviderKind values.

/// The kind as config.json spells it ("openai", "anthropic", "ollama").
QString providerKindName(ProviderKind kind);
/// The kind \a name spells (exactly, case-sensitive); nullopt when it names none.
std::optional<ProviderKind> parseProviderKind(QStringView name);
/// Every kind's name, in the order error messages list them.
QStringList providerKindNames();

} // namespace switchyard::config
