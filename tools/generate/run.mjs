// placeholder until the table generators land

