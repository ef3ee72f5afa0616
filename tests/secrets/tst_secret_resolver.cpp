#include "secrets/MemorySecretStore.h"
#include "secrets/SecretResolver.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace switchyard;
using namespace switchyard::secrets;
using config::SecretRef;

namespace {

SecretRef env(const QString &name)
{
    return SecretRef { SecretRef::Source::Env, name };
}

SecretRef keychain(const QString &name)
{
    return SecretRef { SecretRef::Source::Keychain, name };
}

// What one resolve() call delivered: the bytes (copied for the test) or the error.
struct Answer
{
    int calls = 0;
    QByteArray value;
    std::optional<Error> error;
};

int g_wipes = 0;
void countWipe(const char *, qsizetype)
{
    ++g_wipes;
}

} // namespace

class TestSecretResolver final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void envReference();
    void missingEnvNamesTheVariable();
    void keychainReference();
    void cachedAfterFirstSuccess();
    void concurrentLookupsShareOneRead();
    void missingKeychainEntry();
    void timeoutIsReportedAndNotCached();
    void invalidateRereadsAndWipes();
    void invalidateDuringReadGetsTheNewValue();
    void prefetchFillsTheCache();
    void destroyedContextGetsNoCallback();
    void withoutStoreKeychainFails();
    void clearWipesEverything();

private:
    void resolve(const SecretRef &ref, Answer &answer);
    Answer resolveAndWait(const SecretRef &ref);
    void store(const QString &name, const QByteArray &value);

    std::unique_ptr<MemorySecretStore> m_store;
    std::unique_ptr<SecretResolver> m_resolver;
};

void TestSecretResolver::init()
{
    m_store = std::make_unique<MemorySecretStore>();
    m_resolver = std::make_unique<SecretResolver>(m_store.get());
    g_wipes = 0;
}

void TestSecretResolver::cleanup()
{
    testing::setWipeObserver(nullptr);
    m_resolver.reset();
    m_store.reset();
    qunsetenv("SWITCHYARD_TEST_RESOLVER_KEY");
}

void TestSecretResolver::resolve(const SecretRef &ref, Answer &answer)
{
    m_resolver->resolve(ref, this, [&answer](Result<const SecretBytes *> result) {
        ++answer.calls;
        if (result.ok())
            answer.value = result.value()->view().toByteArray();
        else
            answer.error = result.error();
    });
}

Answer TestSecretResolver::resolveAndWait(const SecretRef &ref)
{
    Answer answer;
    resolve(ref, answer);
    (void)QTest::qWaitFor([&answer] { return answer.calls > 0; }, 5000);
    return answer;
}

void TestSecretResolver::store(const QString &name, const QByteArray &value)
{
    bool done = false;
    m_store->write(name, SecretBytes(QByteArrayView(value)), this,
                   [&done](Status s) { done = s.ok(); });
    QVERIFY(QTest::qWaitFor([&done] { return done; }, 5000));
}

void TestSecretResolver::envReference()
{
    qputenv("SWITCHYARD_TEST_RESOLVER_KEY", "sk-from-environment");
    QVERIFY(!m_resolver->cached(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s)));
    const Answer answer = resolveAndWait(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s));
    QCOMPARE(answer.calls, 1);
    QCOMPARE(answer.value, "sk-from-environment"_ba);
    const SecretBytes *cached = m_resolver->cached(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s));
    QVERIFY(cached);
    QCOMPARE(cached->view(), QByteArrayView("sk-from-environment"));
    QCOMPARE(m_store->readCount(), 0); // env never touches the keychain
}

void TestSecretResolver::missingEnvNamesTheVariable()
{
    const Answer answer = resolveAndWait(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s));
    QCOMPARE(answer.calls, 1);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->code, ErrorCode::NotFound);
    QVERIFY2(answer.error->message.contains(u"SWITCHYARD_TEST_RESOLVER_KEY"_s),
             qPrintable(answer.error->message));
    QVERIFY(!m_resolver->cached(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s)));
}

void TestSecretResolver::keychainReference()
{
    store(u"openai"_s, "sk-keychain-value"_ba);
    const Answer answer = resolveAndWait(keychain(u"openai"_s));
    QCOMPARE(answer.value, "sk-keychain-value"_ba);
    QVERIFY(!answer.error);
    // Same name, other source: a different secret.
    QVERIFY(!m_resolver->cached(env(u"openai"_s)));
}

void TestSecretResolver::cachedAfterFirstSuccess()
{
    store(u"openai"_s, "sk-cached"_ba);
    QCOMPARE(resolveAndWait(keychain(u"openai"_s)).value, "sk-cached"_ba);
    QCOMPARE(m_store->readCount(), 1);
    QCOMPARE(resolveAndWait(keychain(u"openai"_s)).value, "sk-cached"_ba);
    QCOMPARE(resolveAndWait(keychain(u"openai"_s)).value, "sk-cached"_ba);
    QCOMPARE(m_store->readCount(), 1);
    QVERIFY(m_resolver->cached(keychain(u"openai"_s)));
}

void TestSecretResolver::concurrentLookupsShareOneRead()
{
    store(u"shared"_s, "sk-coalesced"_ba);
    m_store->setDelay(100ms);
    std::array<Answer, 5> answers;
    for (Answer &answer : answers)
        resolve(keychain(u"shared"_s), answer);
    QTRY_VERIFY(
        std::all_of(answers.begin(), answers.end(), [](const Answer &a) { return a.calls == 1; }));
    for (const Answer &answer : answers)
        QCOMPARE(answer.value, "sk-coalesced"_ba);
    QCOMPARE(m_store->readCount(), 1);
}

void TestSecretResolver::missingKeychainEntry()
{
    const Answer answer = resolveAndWait(keychain(u"anthropic"_s));
    QVERIFY(answer.error);
    QCOMPARE(answer.error->code, ErrorCode::NotFound);
    QCOMPARE(answer.error->message,
             u"No key named 'anthropic' in the OS keychain. Set it with: switchyard keys set "
             "anthropic"_s);
}

void TestSecretResolver::timeoutIsReportedAndNotCached()
{
    store(u"slow"_s, "sk-slow"_ba);
    m_store->setDelay(MemorySecretStore::Never);
    m_store->setTimeout(100ms);
    std::array<Answer, 2> answers;
    resolve(keychain(u"slow"_s), answers[0]);
    resolve(keychain(u"slow"_s), answers[1]);
    QTRY_VERIFY(answers[0].calls == 1 && answers[1].calls == 1);
    for (const Answer &answer : answers) {
        QVERIFY(answer.error);
        QCOMPARE(answer.error->code, ErrorCode::Timeout);
    }
    QVERIFY(!m_resolver->cached(keychain(u"slow"_s)));

    // The keychain is back: the next lookup tries again rather than remembering the failure.
    m_store->setDelay(0ms);
    QCOMPARE(resolveAndWait(keychain(u"slow"_s)).value, "sk-slow"_ba);
}

void TestSecretResolver::invalidateRereadsAndWipes()
{
    store(u"rotating"_s, "sk-old-key"_ba);
    QCOMPARE(resolveAndWait(keychain(u"rotating"_s)).value, "sk-old-key"_ba);
    store(u"rotating"_s, "sk-new-key"_ba);
    // Still the cached one until told otherwise.
    QCOMPARE(resolveAndWait(keychain(u"rotating"_s)).value, "sk-old-key"_ba);

    testing::setWipeObserver(countWipe);
    m_resolver->invalidate(u"rotating"_s);
    QCOMPARE(g_wipes, 1);
    QVERIFY(!m_resolver->cached(keychain(u"rotating"_s)));
    QCOMPARE(resolveAndWait(keychain(u"rotating"_s)).value, "sk-new-key"_ba);
    QCOMPARE(m_store->readCount(), 2);
}

void TestSecretResolver::invalidateDuringReadGetsTheNewValue()
{
    store(u"racy"_s, "sk-before"_ba);
    m_store->setDelay(100ms);
    Answer answer;
    resolve(keychain(u"racy"_s), answer);
    QTest::qWait(20); // the read is under way
    m_store->write(u"racy"_s, SecretBytes(QByteArrayView("sk-after")), this, [](Status) {});
    m_resolver->invalidate(u"racy"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answer.calls, 1, 5000);
    QCOMPARE(answer.value, "sk-after"_ba);
    QCOMPARE(m_store->readCount(), 2);
}

void TestSecretResolver::prefetchFillsTheCache()
{
    qputenv("SWITCHYARD_TEST_RESOLVER_KEY", "sk-env-prefetch");
    store(u"openai"_s, "sk-keychain-prefetch"_ba);
    m_resolver->prefetch({ env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s), keychain(u"openai"_s),
                           keychain(u"openai"_s), keychain(u"missing"_s) });
    // Environment references are there at once; keychain ones once the store answered.
    QVERIFY(m_resolver->cached(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s)));
    QTRY_VERIFY(m_resolver->cached(keychain(u"openai"_s)));
    QCOMPARE(m_resolver->cached(keychain(u"openai"_s))->view(),
             QByteArrayView("sk-keychain-prefetch"));
    QCOMPARE(m_store->readCount(), 2); // openai once, missing once
    QVERIFY(!m_resolver->cached(keychain(u"missing"_s)));
}

void TestSecretResolver::destroyedContextGetsNoCallback()
{
    store(u"k"_s, "sk-value"_ba);
    m_store->setDelay(50ms);
    bool called = false;
    auto context = std::make_unique<QObject>();
    m_resolver->resolve(keychain(u"k"_s), context.get(),
                        [&called](Result<const SecretBytes *>) { called = true; });
    QTest::qWait(10);
    context.reset();
    QTRY_VERIFY(m_resolver->cached(keychain(u"k"_s))); // the read itself still completes
    QTest::qWait(50);
    QVERIFY(!called);
}

void TestSecretResolver::withoutStoreKeychainFails()
{
    SecretResolver resolver(nullptr);
    std::optional<Error> error;
    resolver.resolve(keychain(u"openai"_s), this, [&error](Result<const SecretBytes *> r) {
        error = r.ok() ? Error { ErrorCode::Internal, u"unexpected success"_s } : r.error();
    });
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->code, ErrorCode::Unavailable);
    QVERIFY2(error->message.contains(u"'openai'"_s) && error->message.contains(u"env"_s),
             qPrintable(error->message));
}

void TestSecretResolver::clearWipesEverything()
{
    qputenv("SWITCHYARD_TEST_RESOLVER_KEY", "sk-env-clear");
    store(u"a"_s, "sk-a"_ba);
    QCOMPARE(resolveAndWait(keychain(u"a"_s)).value, "sk-a"_ba);
    QCOMPARE(resolveAndWait(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s)).value, "sk-env-clear"_ba);
    testing::setWipeObserver(countWipe);
    m_resolver->clear();
    QCOMPARE(g_wipes, 2);
    QVERIFY(!m_resolver->cached(keychain(u"a"_s)));
    QVERIFY(!m_resolver->cached(env(u"SWITCHYARD_TEST_RESOLVER_KEY"_s)));
}

QTEST_GUILESS_MAIN(TestSecretResolver)
#include "tst_secret_resolver.moc"
