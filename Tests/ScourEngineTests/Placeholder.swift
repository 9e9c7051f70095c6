// Tests for ScourEngine live here.
