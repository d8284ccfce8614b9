"""The Processing provider "Overblikskort": thin algorithms over the plugin's core."""
