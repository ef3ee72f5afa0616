# gateway/security: Host/Origin policies, access tokens, rate and concurrency limits,
# scrubbing secrets from relayed bodies.
target_sources(switchyard_gateway PRIVATE
    security/AccessToken.cpp security/AccessToken.h
    security/AuthThrottle.cpp security/AuthThrottle.h
    security/ConcurrencyLimiter.cpp security/ConcurrencyLimiter.h
    security/HostPolicy.cpp security/HostPolicy.h
    security/OriginPolicy.cpp security/OriginPolicy.h
    security/RateLimiter.cpp security/RateLimiter.h
    security/SecretScrubber.cpp security/SecretScrubber.h
    security/SecurityConfig.cpp security/SecurityConfig.h
    security/SecuritySettings.h
    security/TokenEntry.h
    security/TokenRegistry.cpp security/TokenRegistry.h
)
