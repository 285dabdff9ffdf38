"""technician"""
