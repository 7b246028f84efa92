using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Sample;

/// <summary>Keeps every log line (category, level, message) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(string Category, LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a line matching <paramref name="predicate"/>.</summary>
    public async Task<(string Category, LogLevel Level, string Message)?> WaitForAsync(Func<(string Category, LogLevel Level, string Message), bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var line in Lines)
            {
                if (predicate(line)) return line;
            }

            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(50);
        }
    }

    private void Add(string category, LogLevel level, string message)
    {
        lock (_lines) _lines.Add((category, level, message));
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception));
    }
}
