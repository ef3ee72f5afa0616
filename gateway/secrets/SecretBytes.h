#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace switchyard::secrets {

/// The bytes of one secret (an API key). Move-only; the buffer is wiped when the value is
/// destroyed, overwritten or moved from. It deliberately has no data(), no conversion to
/// QString/QByteArray and no QDebug/ostream operator, so a key cannot end up in a log by
/// accident: the only way out is view(), used where the key is actually needed (a header).
class SecretBytes
{
public:
    SecretBytes() = default;
    /// Copies \a bytes; the caller remains responsible for its own buffer.
    explicit SecretBytes(QByteArrayView bytes);
    ~SecretBytes();

    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    /// Copies \a source and wipes it in place (when \a source is the only owner of its data).
    static SecretBytes takeFrom(QByteArray &source);

    /// An explicit copy, for the rare place that must hand out an independent value.
    SecretBytes clone() const;

    /// The bytes, valid while this value lives and is not modified.
    QByteArrayView view() const { return QByteArrayView(m_data, m_size); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    /// Constant-time comparison (does not leak where two keys differ).
    bool equals(QByteArrayView other) const;

    /// Wipes and frees the bytes; the value becomes empty.
    void clear();

private:
    char *m_data = nullptr;
    qsizetype m_size = 0;
};

/// Overwrites \a size bytes at \a data with zeros in a way the compiler may not drop.
void secureWipe(void *data, qsizetype size);

/// For display only: at most a short prefix such as "sk-" and the last 4 characters
/// ("sk-…abcd"); short keys show no characters at all.
QString redacted(QByteArrayView secret);
QString redacted(const SecretBytes &secret);

namespace testing {
/// Called with a buffer after it has been wiped and before it is freed (tests only).
using WipeObserver = void (*)(const char *data, qsizetype size);
void setWipeObserver(WipeObserver observer);
} // namespace testing

} // namespace switchyard::secrets
