#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

namespace switchyard::fuzz {

/// The fuzzer's input as a view: no copy, so AddressSanitizer sees its exact end.
inline QByteArrayView input(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// A cheap deterministic hash of the input, to derive chunk splits and other choices from it
/// without consuming bytes of it (so seed files stay plain, real examples).
quint64 inputHash(QByteArrayView bytes);

/// Reports a broken invariant and aborts, so libFuzzer saves the reproducer.
[[noreturn]] void fail(const char *what);

} // namespace switchyard::fuzz
