// ScourEngine
