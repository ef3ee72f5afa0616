#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace switchyard {

/// Broad class of a failure; callers branch on it, people read the message.
enum class ErrorCode {
    InvalidArgument,
    NotFound,
    AlreadyExists,
    Io,
    AddressInUse,
    Network,
    Timeout,
    Unavailable,
    Internal,
    Unsupported, ///< cannot be done at all by what was asked (not a passing failure)
};

/// A failure with a message written for the person who has to fix it.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

/// Value-or-error return type (a small std::expected for C++20).
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) { }
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that has no value on success.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_failed(true) { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace switchyard
