"""scheduled"""
