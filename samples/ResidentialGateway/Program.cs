Console.WriteLine("ResidentialGateway: placeholder");
