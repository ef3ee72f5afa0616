#include "SecretBytes.h"

#include <QtGlobal>

#include <atomic>
#include <cstring>
#include <utility>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace switchyard::secrets {

namespace {

std::atomic<testing::WipeObserver> g_wipeObserver { nullptr };

// Keys shorter than this show no characters at all: 4 visible out of 8 would be half the key.
constexpr qsizetype MinLengthForSuffix = 12;

bool isPrintableAscii(char c)
{
    return c > 0x20 && c < 0x7f;
}

} // namespace

void secureWipe(void *data, qsizetype size)
{
    if (!data || size <= 0)
        return;
#if defined(Q_OS_WIN)
    SecureZeroMemory(data, size_t(size));
#elif defined(__GLIBC__) || defined(Q_OS_FREEBSD) || defined(Q_OS_OPENBSD)
    explicit_bzero(data, size_t(size));
#else
    // A volatile store cannot be elided; the fence keeps it ordered before the free.
    volatile unsigned char *p = static_cast<volatile unsigned char *>(data);
    for (qsizetype i = 0; i < size; ++i)
        p[i] = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
#endif
}

SecretBytes::SecretBytes(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    m_data = new char[size_t(bytes.size())];
    std::memcpy(m_data, bytes.data(), size_t(bytes.size()));
    m_size = bytes.size();
}

SecretBytes::~SecretBytes()
{
    clear();
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBytes SecretBytes::takeFrom(QByteArray &source)
{
    SecretBytes secret { QByteArrayView(source) };
    // data() on a shared array would detach and wipe a fresh copy, not the bytes we were given.
    if (source.isDetached())
        secureWipe(source.data(), source.size());
    source.clear();
    return secret;
}

SecretBytes SecretBytes::clone() const
{
    return SecretBytes(view());
}

bool SecretBytes::equals(QByteArrayView other) const
{
    if (other.size() != m_size)
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < m_size; ++i)
        diff |= static_cast<unsigned char>(m_data[i] ^ other.data()[i]);
    return diff == 0;
}

void SecretBytes::clear()
{
    if (!m_data)
        return;
    secureWipe(m_data, m_size);
    if (const auto observer = g_wipeObserver.load())
        observer(m_data, m_size);
    delete[] m_data;
    m_data = nullptr;
    m_size = 0;
}

QString redacted(QByteArrayView secret)
{
    const QString ellipsis(QChar(0x2026));
    if (secret.size() < MinLengthForSuffix)
        return ellipsis;
    QString text;
    // Provider prefixes ("sk-") say which kind of key it is without revealing any of it.
    if (isPrintableAscii(secret[0]) && isPrintableAscii(secret[1]) && secret[2] == '-')
        text = QString::fromLatin1(secret.first(3));
    text += ellipsis;
    const QByteArrayView tail = secret.last(4);
    for (const char c : tail) {
        if (!isPrintableAscii(c))
            return text;
    }
    text += QString::fromLatin1(tail);
    return text;
}

QString redacted(const SecretBytes &secret)
{
    return redacted(secret.view());
}

namespace testing {
void setWipeObserver(WipeObserver observer)
{
    g_wipeObserver.store(observer);
}
} // namespace testing

} // namespace switchyard::secrets
