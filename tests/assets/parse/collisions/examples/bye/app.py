def main():
    return "bye"


main()
