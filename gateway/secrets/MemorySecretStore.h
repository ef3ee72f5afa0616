#pragma once

#include "secrets/SecretStore.h"

#include <chrono>
#include <map>
#include <optional>

namespace switchyard::secrets {

/// A SecretStore in memory, for tests: same contract as the keychain, with injectable
/// delays (including "never answers") and failures.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)

public:
    static constexpr std::chrono::milliseconds Never { -1 };

    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    /// Backend answers come after \a delay (0: the next event-loop pass; Never: not at all).
    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }
    /// Every following operation fails with \a error; std::nullopt restores normal service.
    void setFailure(std::optional<Error> error) { m_failure = std::move(error); }

    /// Backend reads started so far (lets tests see caching and coalescing).
    int readCount() const { return m_readCount; }
    bool contains(const QString &name) const { return m_secrets.count(name) != 0; }

protected:
    void doRead(const QString &name, ReadCallback done) override;
    void doWrite(const QString &name, SecretBytes secret, StatusCallback done) override;
    void doRemove(const QString &name, StatusCallback done) override;
    void doList(ListCallback done) override;

private:
    void later(std::function<void()> step);

    std::map<QString, SecretBytes> m_secrets;
    std::chrono::milliseconds m_delay { 0 };
    std::optional<Error> m_failure;
    int m_readCount = 0;
};

} // namespace switchyard::secrets
