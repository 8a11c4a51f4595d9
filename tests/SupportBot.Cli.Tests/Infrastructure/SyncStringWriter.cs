using System.Text;

namespace SupportBot.Cli.Tests.Infrastructure;

/// <summary>Standard output that a long-running command (mock, record) writes to while the test reads it.</summary>
internal sealed class SyncStringWriter : StringWriter
{
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate) base.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        lock (_gate) base.Write(value);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate) base.WriteLine(value);
    }

    public override string ToString()
    {
        lock (_gate) return base.ToString();
    }

    /// <summary>Waits (20 s at most) until the output satisfies <paramref name="ready"/>; returns it.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var text = ToString();
            if (ready(text))
            {
                return text;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the command printed nothing usable: " + this);
    }
}
