#include "secrets/SecretBytes.h"

#include <QDebug>
#include <QTest>

#include <algorithm>
#include <concepts>
#include <ostream>
#include <type_traits>

using namespace Qt::StringLiterals;
using switchyard::secrets::SecretBytes;

// A secret must not leave the type by accident: no copies, no conversions, no printing.
template<typename T>
concept QDebugPrintable = requires(QDebug debug, const T &value)
{
    debug << value;
};
template<typename T>
concept OStreamPrintable = requires(std::ostream &stream, const T &value)
{
    stream << value;
};

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);
static_assert(!std::is_convertible_v<const SecretBytes &, QByteArray>);
static_assert(!std::is_convertible_v<const SecretBytes &, QString>);
static_assert(!std::is_convertible_v<const SecretBytes &, QByteArrayView>);
static_assert(!std::is_convertible_v<const SecretBytes &, bool>);
static_assert(!std::is_constructible_v<QByteArray, const SecretBytes &>);
static_assert(!std::is_constructible_v<QString, const SecretBytes &>);
static_assert(!std::is_constructible_v<QByteArrayView, const SecretBytes &>);
static_assert(!std::is_convertible_v<QByteArray, SecretBytes>); // only explicitly
static_assert(!QDebugPrintable<SecretBytes>);
static_assert(!OStreamPrintable<SecretBytes>);
// The concepts do detect printable types, so the two lines above mean something.
static_assert(QDebugPrintable<QByteArray>);
static_assert(OStreamPrintable<int>);

namespace {

// What the wipe observer saw: the buffer's bytes between wipe and free.
QList<QByteArray> g_released;

void recordRelease(const char *data, qsizetype size)
{
    g_released.append(QByteArray(data, size));
}

SecretBytes make(const char *text)
{
    return SecretBytes(QByteArrayView(text));
}

bool allZero(const QByteArray &bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return c == 0; });
}

} // namespace

class TestSecretBytes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void holdsACopy();
    void moveLeavesSourceEmpty();
    void wipedOnDestruction();
    void wipedWhenOverwritten();
    void clearWipes();
    void takeFromEmptiesTheSource();
    void takeFromLeavesSharedCopiesAlone();
    void equalsComparesAllBytes_data();
    void equalsComparesAllBytes();
    void redaction_data();
    void redaction();
};

void TestSecretBytes::init()
{
    g_released.clear();
    switchyard::secrets::testing::setWipeObserver(recordRelease);
}

void TestSecretBytes::cleanup()
{
    switchyard::secrets::testing::setWipeObserver(nullptr);
}

void TestSecretBytes::holdsACopy()
{
    QByteArray source("sk-abc\0def", 10);
    const SecretBytes secret { QByteArrayView(source) };
    source.fill('x');
    QCOMPARE(secret.size(), 10);
    QVERIFY(!secret.isEmpty());
    QCOMPARE(secret.view(), QByteArrayView("sk-abc\0def", 10));
    QVERIFY(SecretBytes().isEmpty());
    QCOMPARE(SecretBytes().view().size(), 0);
}

void TestSecretBytes::moveLeavesSourceEmpty()
{
    SecretBytes a = make("sk-moved-value");
    SecretBytes b(std::move(a));
    QVERIFY(a.isEmpty()); // NOLINT(bugprone-use-after-move): that is the point
    QCOMPARE(a.size(), 0);
    QCOMPARE(b.view(), QByteArrayView("sk-moved-value"));
    SecretBytes c;
    c = std::move(b);
    QVERIFY(b.isEmpty()); // NOLINT(bugprone-use-after-move)
    QCOMPARE(c.view(), QByteArrayView("sk-moved-value"));
    // Moving hands the buffer over: nothing was released (and left unwiped) on the way.
    QVERIFY(g_released.isEmpty());
}

void TestSecretBytes::wipedOnDestruction()
{
    {
        const SecretBytes secret = make("sk-destroy-me-1234");
        QVERIFY(g_released.isEmpty());
    }
    QCOMPARE(g_released.size(), 1);
    QCOMPARE(g_released.first().size(), 18);
    QVERIFY2(allZero(g_released.first()), g_released.first().toHex().constData());
}

void TestSecretBytes::wipedWhenOverwritten()
{
    SecretBytes secret = make("sk-old-value");
    secret = make("sk-new-value-longer");
    QCOMPARE(g_released.size(), 1);
    QCOMPARE(g_released.first().size(), 12);
    QVERIFY(allZero(g_released.first()));
    QCOMPARE(secret.view(), QByteArrayView("sk-new-value-longer"));
}

void TestSecretBytes::clearWipes()
{
    SecretBytes secret = make("sk-clear");
    secret.clear();
    QVERIFY(secret.isEmpty());
    QCOMPARE(g_released.size(), 1);
    QVERIFY(allZero(g_released.first()));
    secret.clear(); // idempotent
    QCOMPARE(g_released.size(), 1);
}

void TestSecretBytes::takeFromEmptiesTheSource()
{
    QByteArray source("sk-from-env-123");
    const SecretBytes secret = SecretBytes::takeFrom(source);
    QVERIFY(source.isEmpty());
    QCOMPARE(secret.view(), QByteArrayView("sk-from-env-123"));
}

void TestSecretBytes::takeFromLeavesSharedCopiesAlone()
{
    // Wiping a shared buffer would corrupt someone else's data (or, via detach, miss ours).
    QByteArray source("sk-shared-456");
    const QByteArray other = source;
    const SecretBytes secret = SecretBytes::takeFrom(source);
    QCOMPARE(other, QByteArray("sk-shared-456"));
    QCOMPARE(secret.view(), QByteArrayView("sk-shared-456"));
}

void TestSecretBytes::equalsComparesAllBytes_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<QByteArray>("other");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << "sk-abcdef"_ba
                          << "sk-abcdef"_ba << true;
    QTest::newRow("last byte") << "sk-abcdef"_ba
                               << "sk-abcdeg"_ba << false;
    QTest::newRow("first byte") << "sk-abcdef"_ba
                                << "tk-abcdef"_ba << false;
    QTest::newRow("prefix") << "sk-abcdef"_ba
                            << "sk-abc"_ba << false;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
}

void TestSecretBytes::equalsComparesAllBytes()
{
    QFETCH(QByteArray, stored);
    QFETCH(QByteArray, other);
    QFETCH(bool, equal);
    QCOMPARE(SecretBytes(QByteArrayView(stored)).equals(other), equal);
}

void TestSecretBytes::redaction_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("shown");
    const QString dots(QChar(0x2026));
    QTest::newRow("empty") << QByteArray() << dots;
    QTest::newRow("short key shows nothing") << "sk-12345678"_ba << dots;
    QTest::newRow("openai") << "sk-proj-1234567890abcd"_ba << QString(u"sk-"_s + dots + u"abcd"_s);
    QTest::newRow("anthropic") << "sk-ant-api03-XXXXXXXXwxyz"_ba
                               << QString(u"sk-"_s + dots + u"wxyz"_s);
    QTest::newRow("no prefix") << "AIzaSyD0123456789qrst"_ba << QString(dots + u"qrst"_s);
    QTest::newRow("binary tail hidden")
        << "sk-123456789012\x01\x02\x03\x04"_ba << QString(u"sk-"_s + dots);
}

void TestSecretBytes::redaction()
{
    QFETCH(QByteArray, secret);
    QFETCH(QString, shown);
    const SecretBytes bytes { QByteArrayView(secret) };
    QCOMPARE(switchyard::secrets::redacted(bytes), shown);
    // Never more than "xx-" and four characters of the key.
    QVERIFY(shown.size() <= 8);
}

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secret_bytes.moc"
