// Tests for Integration live here.
