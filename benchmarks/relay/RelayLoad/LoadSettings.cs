using System.Globalization;

/// <summary>The generator's command line.</summary>
internal sealed record LoadSettings(string Ng, int Pid, int Calls, int Seconds, int Rate, string Name)
{
    public static LoadSettings Parse(string[] args)
    {
        string ng = "127.0.0.1:22222", name = "relay";
        int pid = 0, calls = 200, seconds = 20, rate = 50;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--ng": ng = value; break;
                case "--pid": pid = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--calls": calls = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--name": name = value; break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        return new LoadSettings(ng, pid, calls, seconds, rate, name);
    }
}
